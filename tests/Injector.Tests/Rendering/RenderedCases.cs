using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Rendering;
using Injector.Tests.Parity;

namespace Injector.Tests.Rendering;

/// <summary>How a case is run on the rendered path, by the README's rules (shared by the default and explicit cases).</summary>
internal static class RenderedCases
{
    /// <summary>Webhook mode: each workload's pod through <see cref="RenderedInjector.Inject"/>, the patch applied to
    /// the pod as sent, compared with the golden's pod; then the result injected again must not change.</summary>
    public static string? CheckWebhook(RenderedInjector injector, string inputYaml, string goldenYaml, NamespaceFacts? ns = null)
    {
        var input = WorkloadPods.FromYaml(inputYaml);
        var golden = WorkloadPods.FromYaml(goldenYaml);
        if (input.Count != golden.Count) return "input has " + input.Count + " workloads, golden " + golden.Count;
        for (var i = 0; i < input.Count; i++)
        {
            var label = input.Count > 1 ? "[" + input[i].Name + "] " : "";
            var (injected, problem) = Send(injector, input[i].Pod, input[i].Namespace, ns);
            if (problem is not null) return label + problem;
            if (JsonComparison.FirstDifference(JsonComparison.Normalize(golden[i].Pod), JsonComparison.Normalize(injected)) is { } diff) return label + diff;
            // A pod Istio injected (an upgrade from istiod) is re-injected to the same pod.
            var (fromIstio, istioProblem) = Send(injector, golden[i].Pod, input[i].Namespace, ns);
            if (istioProblem is not null) return label + "re-injecting Istio's pod: " + istioProblem;
            if (JsonComparison.FirstDifference(JsonComparison.Normalize(golden[i].Pod), JsonComparison.Normalize(fromIstio)) is { } upgrade)
            {
                if (!RecordsOverrides(golden[i].Pod)) return label + "re-injecting Istio's pod changes it: " + upgrade;
                Note(label + "re-injecting Istio's pod re-renders overridden containers (Istio's rule): " + upgrade);
            }
            var (again, againProblem) = Send(injector, (JsonObject)injected!, input[i].Namespace, ns);
            if (againProblem is not null) return label + "re-injection: " + againProblem;
            if (JsonComparison.FirstDifference(JsonComparison.Normalize(injected), JsonComparison.Normalize(again)) is { } drift)
            {
                if (!RecordsOverrides(injected)) return label + "not idempotent: " + drift;
                Note(label + "re-injection re-renders overridden containers (Istio's rule): " + drift);
            }
        }
        return null;
    }

    /// <summary>
    /// Istio's <c>reapplyOverwrittenContainers</c> skips containers the status annotation lists as injected, so a pod
    /// whose user overrides were recorded (<c>proxy.istio.io/overrides</c>) gets the template's containers again on
    /// re-injection: Istio itself is not idempotent there, and neither is the rendered path.
    /// </summary>
    private static bool RecordsOverrides(JsonNode? pod) =>
        pod?["metadata"]?["annotations"]?["proxy.istio.io/overrides"] is not null
        || pod?["spec"]?["template"]?["metadata"]?["annotations"]?["proxy.istio.io/overrides"] is not null
        || pod?["spec"]?["jobTemplate"]?["metadata"]?["annotations"]?["proxy.istio.io/overrides"] is not null;

    [ThreadStatic] private static List<string>? notes;

    /// <summary>What the last checks on this thread noted (and clears it).</summary>
    public static List<string> TakeNotes()
    {
        var taken = notes ?? [];
        notes = null;
        return taken;
    }

    private static void Note(string text) => (notes ??= []).Add(text.Length > 300 ? text[..300] + "..." : text);

    /// <summary>Sends one pod; the applied result (the pod itself when skipped), or the denial.</summary>
    public static (JsonNode? Pod, string? Problem) Send(RenderedInjector injector, JsonObject pod, string ns, NamespaceFacts? facts)
    {
        var sent = (JsonObject)pod.DeepClone();
        switch (injector.Inject(sent, ns, RenderMode.Webhook, facts))
        {
            case RenderOutcome.Injected injected:
                return (PatchApplier.Apply(pod, injected.JsonPatch), null);
            case RenderOutcome.Skipped:
                return (pod.DeepClone(), null);
            case RenderOutcome.Denied denied:
                return (null, "denied: " + denied.Message);
            default:
                return (null, "no outcome");
        }
    }

    /// <summary>kube-inject mode: every document through <see cref="RenderedInjector.InjectWorkload"/>, compared with
    /// the golden's documents (whole documents, README normalisation), then the output injected again.</summary>
    public static string? CheckKubeInject(RenderedInjector injector, string inputYaml, string goldenYaml)
    {
        var (output, problem) = KubeInjectAll(injector, inputYaml);
        if (problem is not null) return problem;
        var golden = YamlJson.LoadAll(goldenYaml);
        if (golden.Count != output!.Count) return "golden has " + golden.Count + " documents, output " + output.Count;
        for (var i = 0; i < golden.Count; i++)
        {
            if (JsonComparison.FirstDifference(NormalizeDocument(golden[i]), NormalizeDocument(output[i])) is { } diff) return "document " + i + ": " + diff;
        }
        var again = new List<JsonNode>();
        foreach (var document in output)
        {
            if (document is not JsonObject obj) { again.Add(document); continue; }
            switch (injector.InjectWorkload((JsonObject)obj.DeepClone()))
            {
                case RenderOutcome.Injected injected: again.Add(injected.Pod); break;
                case RenderOutcome.Denied denied: return "re-injection denied: " + denied.Message;
                default: again.Add(obj); break;
            }
        }
        for (var i = 0; i < output.Count; i++)
        {
            if (JsonComparison.FirstDifference(NormalizeDocument(output[i]), NormalizeDocument(again[i])) is { } drift)
            {
                if (!RecordsOverrides(output[i])) return "document " + i + " not idempotent: " + drift;
                Note("document " + i + ": re-injection re-renders overridden containers (Istio's rule): " + drift);
            }
        }
        return null;
    }

    public static (List<JsonNode>? Output, string? Problem) KubeInjectAll(RenderedInjector injector, string inputYaml)
    {
        var output = new List<JsonNode>();
        foreach (var document in YamlJson.LoadAll(inputYaml))
        {
            if (document is not JsonObject obj) { output.Add(document); continue; }
            switch (injector.InjectWorkload((JsonObject)obj.DeepClone()))
            {
                case RenderOutcome.Injected injected:
                    if (JsonComparison.FirstDifference(injected.Pod, PatchApplier.Apply(obj, injected.JsonPatch)) is { } patchProblem)
                    {
                        return (null, "the workload patch does not give the workload: " + patchProblem);
                    }
                    output.Add(injected.Pod);
                    break;
                case RenderOutcome.Denied denied: return (null, "denied: " + denied.Message);
                default: output.Add(obj); break;
            }
        }
        return (output, null);
    }

    // The README's normalisation applied to every pod template inside the document too.
    public static JsonNode? NormalizeDocument(JsonNode? document)
    {
        var copy = document?.DeepClone();
        Scrub(copy);
        return JsonComparison.Normalize(copy);
    }

    private static void Scrub(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["metadata"] is JsonObject metadata)
                {
                    metadata.Remove("creationTimestamp");
                    if (metadata["annotations"] is JsonObject annotations) annotations.Remove("sidecar.istio.io/status");
                }
                foreach (var (_, value) in obj) Scrub(value);
                break;
            case JsonArray array:
                foreach (var item in array) Scrub(item);
                break;
        }
    }

    public static string Describe(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";
}
