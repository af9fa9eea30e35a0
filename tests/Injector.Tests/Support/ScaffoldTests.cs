using Injector.Revisions;

namespace Injector.Tests.Support;

public sealed class ScaffoldTests
{
    [Fact]
    public void RevisionYamlParsesThroughTheStaticContext()
    {
        var config = RevisionConfigParser.Parse("revision: canary\nhub: example.io/istio\n");
        Assert.Equal("canary", config.Revision);
        Assert.Equal("example.io/istio", config.Hub);
    }
}
