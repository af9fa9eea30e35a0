using Injector.Revisions;

namespace Injector.Tests.Support;

public sealed class ScaffoldTests
{
    [Fact]
    public void SharedFixturesAreReachable()
    {
        Assert.True(File.Exists(TestPaths.Fixture("apiserver-v1.32-pod-create.json")), TestPaths.Shared);
    }

    [Fact]
    public void RevisionYamlParsesThroughTheStaticContext()
    {
        var config = RevisionConfigParser.Parse("revision: canary\nhub: example.io/istio\n");
        Assert.Equal("canary", config.Revision);
        Assert.Equal("example.io/istio", config.Hub);
    }
}
