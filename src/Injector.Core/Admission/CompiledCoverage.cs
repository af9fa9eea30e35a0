using System.Text.Json;
using Injector.Injection;

namespace Injector.Admission;

/// <summary>
/// Whether the compiled fast path answers a pod, decided from the pod alone before any work. The compiled path is
/// proven equal to the rendered path (Istio's algorithm) on the pods it covers: pods that carry no annotation Istio
/// reads beyond <c>sidecar.istio.io/inject</c>, were never injected and bring no container of Istio's own. Any other
/// pod, however common, runs on the rendered path; a pod is never answered by a path that was not proven for it.
/// </summary>
public static class CompiledCoverage
{
    public static bool CoversPod(JsonElement pod, in AdmissionRoute route, CompiledRevision revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        // /inject/cluster/C/net/N overrides are the compiled path's alone.
        if (route.ClusterId is not null || route.Network is not null) return true;
        if (pod.ValueKind != JsonValueKind.Object) return true; // the compiled path skips it as not_pod, as the renderer does

        if (pod.TryGetProperty("metadata"u8, out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("annotations"u8, out var annotations) && annotations.ValueKind == JsonValueKind.Object)
        {
            foreach (var annotation in annotations.EnumerateObject())
            {
                if (!IsCoveredAnnotation(annotation)) return false;
            }
        }
        if (pod.TryGetProperty("spec"u8, out var spec) && spec.ValueKind == JsonValueKind.Object)
        {
            if (HasIstioContainer(spec, "containers"u8) || HasIstioContainer(spec, "initContainers"u8)) return false;
            // The pod's own native sidecars (init containers with a restartPolicy) have probes Istio rewrites too.
            if (HasRestartPolicy(spec)) return false;
            // A volume named like one Istio's template adds is merged into it by the strategic merge.
            if (HasInjectedVolumeName(spec)) return false;
        }
        // An empty network label clears the install's network for Istio (extractClusterAndNetwork) but not its env.
        if (metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("labels"u8, out var labels) && labels.ValueKind == JsonValueKind.Object
            && labels.TryGetProperty("topology.istio.io/network"u8, out var network) && network.ValueKind == JsonValueKind.String && network.GetString()!.Length == 0)
        {
            return false;
        }
        return true;
    }

    private static bool HasInjectedVolumeName(JsonElement spec)
    {
        if (!spec.TryGetProperty("volumes"u8, out var volumes) || volumes.ValueKind != JsonValueKind.Array) return false;
        foreach (var volume in volumes.EnumerateArray())
        {
            if (volume.ValueKind != JsonValueKind.Object || !volume.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String) continue;
            if (name.ValueEquals("workload-socket"u8) || name.ValueEquals("credential-socket"u8) || name.ValueEquals("workload-certs"u8)) return true;
            if (name.GetString() is { } text && text.StartsWith("istio", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    // Annotations Istio's templates and webhook do not read change nothing; the inject switch is covered for the
    // values both paths read the same way.
    private static bool IsCoveredAnnotation(JsonProperty annotation)
    {
        var key = annotation.Name;
        if (key == InjectionDecision.InjectKey)
        {
            return annotation.Value.ValueKind == JsonValueKind.String && annotation.Value.GetString() is "true" or "false";
        }
        return !IsReadByIstio(key);
    }

    /// <summary>Keys in the domains Istio's injector reads (its own, Prometheus' in any sanitised spelling, kubectl's
    /// default container, Multus, AppArmor).</summary>
    internal static bool IsReadByIstio(string key)
    {
        var slash = key.IndexOf('/');
        var prefix = slash < 0 ? key : key[..slash];
        return prefix.EndsWith("istio.io", StringComparison.Ordinal)
            || key.Contains("prometheus", StringComparison.OrdinalIgnoreCase)
            || prefix == "kubectl.kubernetes.io"
            || prefix == "k8s.v1.cni.cncf.io"
            || key.Contains("apparmor", StringComparison.Ordinal);
    }

    private static bool HasRestartPolicy(JsonElement spec)
    {
        if (!spec.TryGetProperty("initContainers"u8, out var containers) || containers.ValueKind != JsonValueKind.Array) return false;
        foreach (var container in containers.EnumerateArray())
        {
            if (container.ValueKind == JsonValueKind.Object && container.TryGetProperty("restartPolicy"u8, out _)) return true;
        }
        return false;
    }

    private static bool HasIstioContainer(JsonElement spec, ReadOnlySpan<byte> list)
    {
        if (!spec.TryGetProperty(list, out var containers) || containers.ValueKind != JsonValueKind.Array) return false;
        foreach (var container in containers.EnumerateArray())
        {
            if (container.ValueKind != JsonValueKind.Object || !container.TryGetProperty("name"u8, out var name)) continue;
            if (name.ValueKind == JsonValueKind.String && name.GetString() is { } text && text.StartsWith("istio-", StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
