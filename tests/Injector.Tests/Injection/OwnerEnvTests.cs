using System.Text.Json.Nodes;
using static Injector.Tests.Injection.InjectionHarness;

namespace Injector.Tests.Injection;

/// <summary>
/// <c>ISTIO_META_OWNER</c> is formatted in a buffer rather than concatenated: short and very long owners (past the
/// stack buffer) must both come out as Istio's URI, the kind lower-cased.
/// </summary>
public sealed class OwnerEnvTests
{
    [Theory]
    [InlineData("apps/v1", "StatefulSet", "web")]
    [InlineData("example.com/v1", "MyKind", "x")]
    public void OwnerUriNamesTheController(string apiVersion, string kind, string name) =>
        Assert.Equal("kubernetes://apis/" + apiVersion + "/namespaces/default/" + kind.ToLowerInvariant() + "s/" + name, Owner(apiVersion, kind, name));

    [Fact]
    public void VeryLongOwnerIsWrittenWhole()
    {
        var apiVersion = "g" + new string('a', 700) + ".example.com/v1";
        var name = new string('n', 253);
        Assert.Equal("kubernetes://apis/" + apiVersion + "/namespaces/default/things/" + name, Owner(apiVersion, "Thing", name));
    }

    private static string? Owner(string apiVersion, string kind, string name)
    {
        var owner = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["name"] = name, ["controller"] = true, ["uid"] = "u" };
        var metadata = "\"generateName\":\"web-\",\"ownerReferences\":[" + owner.ToJsonString() + "]";
        var pod = Inject(Pod(metadata));
        return (string?)Env(pod, "ISTIO_META_OWNER")!["value"];
    }
}
