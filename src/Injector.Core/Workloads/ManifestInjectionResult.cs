using System.Text.Json.Nodes;

namespace Injector.Workloads;

/// <summary>The documents after injection (workloads patched, everything else unchanged) and any denials.</summary>
internal sealed class ManifestInjectionResult
{
    public ManifestInjectionResult(List<JsonNode> documents, List<string> denials, int injected)
    {
        Documents = documents;
        Denials = denials;
        Injected = injected;
    }

    public List<JsonNode> Documents { get; }

    /// <summary>One message per refused pod, naming the workload: <c>Deployment ns/name: why</c>.</summary>
    public List<string> Denials { get; }

    public int Injected { get; }
}
