using System.Text.Json.Nodes;
using Injector.Json;
using static Injector.Tests.Injection.InjectionHarness;

namespace Injector.Tests.Injection;

/// <summary>Everything spliced from the pod is JSON-escaped; every key in a path is JSON-Pointer-escaped.</summary>
public sealed class EscapingTests
{
    public static TheoryData<string> HostileValues() => new()
    {
        "quote \" and backslash \\",
        "control \u0001\u001f\n\t chars",
        "</script><!--",
        "non-BMP \U0001F600 and \u2028",
        "~0 ~1 / ~",
    };

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void HostileValuesSurviveIntact(string value)
    {
        var pod = new JsonObject
        {
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = "p",
                ["labels"] = new JsonObject { ["app"] = value, ["a/b~c"] = value },
                ["annotations"] = new JsonObject { ["x.io/k~1/z"] = value, ["prometheus.io/path"] = value },
            },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = value,
                    ["image"] = "i",
                    ["ports"] = new JsonArray(new JsonObject { ["name"] = value, ["containerPort"] = 80 }),
                }),
            },
        };
        var outcome = Run(pod.ToJsonString());
        Assert.DoesNotContain("</", outcome.Patch); // the writer escapes '<', so no HTML/script context can close
        var injected = outcome.Pod!;
        Assert.Equal(value, (string?)injected["metadata"]!["labels"]!["service.istio.io/canonical-name"]);
        Assert.Equal(value, (string?)injected["metadata"]!["labels"]!["a/b~c"]);
        Assert.Equal(value, (string?)injected["metadata"]!["annotations"]!["x.io/k~1/z"]);
        Assert.Equal(value, (string?)injected["metadata"]!["annotations"]!["kubectl.kubernetes.io/default-container"]);
        Assert.Equal(value, (string?)Env(injected, "ISTIO_META_APP_CONTAINERS")!["value"]);
        var ports = JsonNode.Parse((string)Env(injected, "ISTIO_META_POD_PORTS")!["value"]!)!.AsArray();
        Assert.Equal(value, (string?)ports[0]!["name"]);
        var prometheus = JsonNode.Parse((string)Env(injected, "ISTIO_PROMETHEUS_ANNOTATIONS")!["value"]!)!;
        Assert.Equal(value, (string?)prometheus["path"]);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("sidecar.istio.io/status", "sidecar.istio.io~1status")]
    [InlineData("a~b", "a~0b")]
    [InlineData("~/~/", "~0~1~0~1")]
    [InlineData("~1", "~01")]
    public void JsonPointerTokensEscapeTildeFirst(string token, string expected)
    {
        Assert.Equal(expected, JsonPointer.Escape(token));
        Assert.Equal(expected.Length, JsonPointer.EscapedLength(token));
    }

    [Fact]
    public void AnnotationKeysWithSlashesAreEscapedInPaths()
    {
        var outcome = Run(Pod("\"name\":\"p\",\"annotations\":{\"keep\":\"1\"}"));
        Assert.Contains("\"/metadata/annotations/sidecar.istio.io~1status\"", outcome.Patch);
        Assert.Contains("\"/metadata/labels\"", outcome.Patch);
    }
}
