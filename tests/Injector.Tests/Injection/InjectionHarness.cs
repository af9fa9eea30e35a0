using Injector.Json;
using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Injection;
using Injector.Revisions;
using Injector.Tests.Parity;

namespace Injector.Tests.Injection;

/// <summary>Runs the real engine on a pod and applies its patch with the independent RFC 6902 applier.</summary>
internal static class InjectionHarness
{
    public static CompiledRevision Revision(string yaml = "") =>
        CompiledRevision.Compile(RevisionConfigParser.Parse(yaml.Length == 0 ? "revision: default\n" : yaml));

    public sealed record Outcome(InjectionResult Result, string Patch, JsonNode? Pod);

    public static Outcome Run(string podJson, CompiledRevision? revision = null, InjectionParameters? parameters = null)
    {
        revision ??= Revision();
        using var doc = JsonTree.Parse(podJson);
        var buffer = new ArrayBufferWriter<byte>();
        var p = parameters ?? new InjectionParameters("default");
        var result = SidecarInjector.Inject(doc.Root, p, revision, buffer);
        var patch = Encoding.UTF8.GetString(buffer.WrittenSpan);
        JsonNode? pod = null;
        if (result.Outcome == InjectionOutcome.Injected)
        {
            pod = PatchApplier.Apply(JsonNode.Parse(podJson)!, buffer.WrittenSpan);
        }
        else
        {
            Assert.Equal(string.Empty, patch); // nothing is written unless the pod is patched
        }
        return new Outcome(result, patch, pod);
    }

    public static JsonNode Inject(string podJson, CompiledRevision? revision = null, InjectionParameters? parameters = null)
    {
        var outcome = Run(podJson, revision, parameters);
        Assert.True(outcome.Result.Outcome == InjectionOutcome.Injected, outcome.Result.Outcome + ": " + outcome.Result.Reason);
        return outcome.Pod!;
    }

    /// <summary>A minimal pod; <paramref name="metadata"/> and <paramref name="specExtra"/> are JSON fragments.</summary>
    public static string Pod(string metadata = "\"name\":\"app\"", string specExtra = "", string containers = "[{\"name\":\"app\",\"image\":\"app:1\"}]") =>
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{" + metadata + "},\"spec\":{\"containers\":" + containers
        + (specExtra.Length > 0 ? "," + specExtra : "") + "}}";

    public static JsonNode? Env(JsonNode pod, string name)
    {
        var proxy = Container(pod, "istio-proxy") ?? throw new InvalidOperationException("no istio-proxy");
        foreach (var e in proxy["env"]!.AsArray())
        {
            if ((string?)e!["name"] == name) return e;
        }
        return null;
    }

    public static JsonNode? Container(JsonNode pod, string name)
    {
        foreach (var list in new[] { "initContainers", "containers" })
        {
            if (pod["spec"]![list] is not JsonArray array) continue;
            foreach (var c in array)
            {
                if ((string?)c!["name"] == name) return c;
            }
        }
        return null;
    }
}
