using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Admission;
using Injector.Revisions;
using Injector.Tests.Parity;

namespace Injector.Tests.Rules;

/// <summary>What the webhook answered for one pod: the outcome, the denial message, and the pod with the patch applied.</summary>
internal sealed record RuleAnswer(AdmissionOutcome Outcome, string Message, JsonObject? Patched, string Path, string Patch = "")
{
    public JsonObject Injected => Patched ?? throw new Xunit.Sdk.XunitException("expected an injected pod, got " + Outcome + ": " + Message);
}

/// <summary>
/// Sends pods through the webhook's entry point (<see cref="AdmissionHandler.Handle"/>) with a revision loaded from
/// install settings, and applies the answer with an independent JSON Patch implementation. Rules are asserted by the
/// tests themselves from Istio's definitions; nothing here computes an expected value.
/// </summary>
internal static class RuleHarness
{
    private static readonly ConcurrentDictionary<string, RevisionTable> Tables = new();

    /// <summary>A revision from <c>--set</c> paths (IstioOperator form), loaded once per distinct list.</summary>
    public static RevisionTable Load(params string[] sets) =>
        Tables.GetOrAdd(string.Join('\n', sets), _ => RevisionLoader.Load(new RevisionSource { Sets = sets }));

    public static RevisionTable LoadOperatorFile(string yaml)
    {
        return Tables.GetOrAdd("file:" + yaml, _ =>
        {
            var path = Path.Combine(Path.GetTempPath(), "rules-" + Guid.NewGuid().ToString("N") + ".yaml");
            File.WriteAllText(path, yaml);
            return RevisionLoader.Load(new RevisionSource { OperatorFiles = [path] });
        });
    }

    public static RuleAnswer Send(RevisionTable table, JsonObject pod, string @namespace = "default", AdmissionRoute route = default)
    {
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = "00000000-0000-0000-0000-000000000015",
                ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
                ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
                ["namespace"] = @namespace,
                ["operation"] = "CREATE",
                ["object"] = pod.DeepClone(),
            },
        };
        var response = new ArrayBufferWriter<byte>();
        var result = AdmissionHandler.Handle(new ReadOnlySequence<byte>(JsonSerializer.SerializeToUtf8Bytes(review)), in route, table, response);
        var answer = JsonNode.Parse(response.WrittenSpan)!["response"]!;
        var message = (string?)answer["status"]?["message"] ?? "";
        JsonObject? patched = null;
        var patchText = "";
        if (result.Outcome == AdmissionOutcome.Injected)
        {
            var patch = Convert.FromBase64String((string)answer["patch"]!);
            patchText = System.Text.Encoding.UTF8.GetString(patch);
            patched = (JsonObject)PatchApplier.Apply(pod, patch);
        }
        else if (result.Outcome == AdmissionOutcome.Skipped)
        {
            patched = null;
        }
        return new RuleAnswer(result.Outcome, message, patched, result.Path.ToString(), patchText);
    }

    /// <summary>Injects (throws when the pod is skipped or denied) and returns the patched pod.</summary>
    public static JsonObject Inject(RevisionTable table, JsonObject pod, string @namespace = "default") => Send(table, pod, @namespace).Injected;

    /// <summary>Injects and asserts that injecting the result again changes nothing (Istio's re-injection is idempotent).</summary>
    public static JsonObject InjectStable(RevisionTable table, JsonObject pod, string @namespace = "default")
    {
        var first = Send(table, pod, @namespace);
        var once = ApiServerDefaults(first.Injected);
        var twice = Send(table, once, @namespace);
        var again = ApiServerDefaults(twice.Patched ?? once);
        if (!JsonNode.DeepEquals(once, again))
        {
            throw new Xunit.Sdk.XunitException("re-injection changed the pod (" + first.Path + " then " + twice.Path + " path): " + string.Join("; ", Differences(once, again, "").Take(5))
                + "\npod: " + pod.ToJsonString() + "\nsecond patch: " + (twice.Patch.Length > 1500 ? twice.Patch[..1500] + "..." : twice.Patch));
        }
        return once;
    }

    /// <summary>
    /// What the API server stores after the webhooks: a volume with no source gets <c>emptyDir: {}</c>
    /// (SetDefaults_Volume). Istio's template writes <c>emptyDir:</c> (null), so Istio's patch leaves the source out and,
    /// on re-injection, removes the defaulted one; the stored pod is the same either way.
    /// </summary>
    public static JsonObject ApiServerDefaults(JsonObject pod)
    {
        foreach (var volume in List(pod, "volumes").OfType<JsonObject>())
        {
            if (volume.All(e => e.Key == "name")) volume["emptyDir"] = new JsonObject();
        }
        return pod;
    }

    /// <summary>JSON pointers where two trees differ, with both values (for failure messages).</summary>
    public static IEnumerable<string> Differences(JsonNode? a, JsonNode? b, string at)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(e => e.Key).Union(ob.Select(e => e.Key)))
            {
                foreach (var d in Differences(oa[key], ob[key], at + "/" + key)) yield return d;
            }
        }
        else if (a is JsonArray aa && b is JsonArray ab && aa.Count == ab.Count)
        {
            for (var i = 0; i < aa.Count; i++)
            {
                foreach (var d in Differences(aa[i], ab[i], at + "/" + i)) yield return d;
            }
        }
        else if (!JsonNode.DeepEquals(a, b))
        {
            yield return at + ": " + Short(a) + " -> " + Short(b);
        }
    }

    private static string Short(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "(absent)";
        return text.Length > 300 ? text[..300] + "..." : text;
    }

    public static IReadOnlyDictionary<string, string> Map(JsonObject pod, string which)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pod["metadata"]?[which] is JsonObject map)
        {
            foreach (var (key, value) in map) result[key] = (string?)value ?? "";
        }
        return result;
    }

    public static JsonArray List(JsonObject pod, string which) => pod["spec"]?[which] as JsonArray ?? [];

    public static JsonObject? Container(JsonObject pod, string which, string name) =>
        List(pod, which).OfType<JsonObject>().FirstOrDefault(c => (string?)c["name"] == name);

    /// <summary>istio-proxy wherever the template put it (containers, or initContainers for native sidecars).</summary>
    public static JsonObject Proxy(JsonObject pod) =>
        Container(pod, "containers", "istio-proxy") ?? Container(pod, "initContainers", "istio-proxy")
        ?? throw new Xunit.Sdk.XunitException("no istio-proxy in " + pod.ToJsonString());

    public static string? Env(JsonObject container, string name) =>
        (container["env"] as JsonArray)?.OfType<JsonObject>().Where(e => (string?)e["name"] == name).Select(e => (string?)e["value"]).FirstOrDefault();

    public static string? Arg(JsonObject container, string flag)
    {
        var args = (container["args"] as JsonArray)?.Select(a => (string?)a).ToList() ?? [];
        var i = args.IndexOf(flag);
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : null;
    }

    public static IEnumerable<string> Names(JsonObject pod, string which) =>
        List(pod, which).OfType<JsonObject>().Select(c => (string?)c["name"] ?? "");
}
