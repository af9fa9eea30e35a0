using System.Text.Json.Nodes;
using Injector.Rendering;

namespace Injector.Workloads;

/// <summary>
/// kube-inject over Istio's algorithm: every document goes through <see cref="RenderedInjector.InjectWorkload"/>
/// (a <c>kind: List</c>'s items each), which injects the kinds istioctl injects and writes them back as Go's typed
/// structs marshal them; other documents come back unchanged.
/// </summary>
internal static class RenderedManifestInjector
{
    public static ManifestInjectionResult Inject(List<JsonNode> documents, RenderedInjector injector)
    {
        var denials = new List<string>();
        var injected = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            if (documents[i] is not JsonObject document) continue;
            switch (injector.InjectWorkload(document))
            {
                case RenderOutcome.Injected result:
                    documents[i] = result.Pod;
                    injected++;
                    break;
                case RenderOutcome.Denied denied:
                    denials.Add(Describe(document) + ": " + denied.Message);
                    break;
            }
        }
        return new ManifestInjectionResult(documents, denials, injected);
    }

    private static string Describe(JsonObject document)
    {
        var kind = PodTemplateLocator.StringAt(document, "kind") ?? "object";
        var ns = PodTemplateLocator.StringAt(document["metadata"], "namespace") ?? "default";
        var name = PodTemplateLocator.StringAt(document["metadata"], "name") ?? "(unnamed)";
        return kind + " " + ns + "/" + name;
    }
}
