using System.Text.Json;
using Injector.Injection;

namespace Injector.Admission;

/// <summary>
/// Whether the compiled fast path answers a pod, decided from the pod alone before any work. The compiled path is
/// proven equal to the rendered path (Istio's algorithm) on the pods it covers by the differential tests
/// (tests/Injector.Tests/Differential); every rule here is general (annotation domains and values, spec features) and
/// docs/compiled-path.md gives the reason for each. Any other pod, however common, runs on the rendered path; a pod is
/// never answered by a path that was not proven for it.
/// </summary>
public static class CompiledCoverage
{
    public static bool CoversPod(JsonElement pod, in AdmissionRoute route, CompiledRevision revision, string? requestNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(revision);
        // Path envs other than cluster and net are the renderer's; /inject/cluster/C/net/N the compiled path applies
        // as Istio does (PodOverrideRuleTests).
        if (route.OtherEnvs.Count > 0) return false;
        if (route.ClusterId is not null || route.Network is not null) return true;
        if (pod.ValueKind != JsonValueKind.Object) return true; // the compiled path skips it as not_pod, as the renderer does
        if (!YamlPrintable.Holds(pod)) return false;
        // The namespace (the pod's own, else the request's) goes into ISTIO_META_OWNER and Istio's YAML: the API server
        // only sends DNS labels; any other text is rendered.
        if (!IsPlainNamespace(pod, requestNamespace)) return false;

        if (pod.TryGetProperty("metadata"u8, out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("annotations"u8, out var annotations) && annotations.ValueKind == JsonValueKind.Object)
        {
            long annotationBytes = 0;
            foreach (var annotation in annotations.EnumerateObject())
            {
                if (!IsCoveredAnnotation(annotation)) return false;
                annotationBytes += System.Text.Encoding.UTF8.GetByteCount(annotation.Name)
                    + (annotation.Value.ValueKind == JsonValueKind.String ? System.Text.Encoding.UTF8.GetByteCount(annotation.Value.GetString()!) : 0);
            }
            // Annotations over Kubernetes' limit are refused by the renderer before any work (the API server would refuse
            // the pod after admission anyway), so both paths answer alike.
            if (annotationBytes > Rendering.RenderedInjector.MaxAnnotationBytes) return false;
        }
        if (pod.TryGetProperty("spec"u8, out var spec) && spec.ValueKind == JsonValueKind.Object)
        {
            if (HasIstioContainer(spec, "containers"u8) || HasIstioContainer(spec, "initContainers"u8)) return false;
            // The pod's own native sidecars (init containers with a restartPolicy) have probes Istio rewrites too.
            if (HasRestartPolicy(spec)) return false;
            // A volume named like one Istio's template adds is merged into it by the strategic merge.
            if (HasInjectedVolumeName(spec)) return false;
            if (!ContainersCovered(spec)) return false;
        }
        else
        {
            return false;
        }
        // A pod without a name or an owner: Istio's workload name (and so the canonical name, ISTIO_META_WORKLOAD_NAME
        // and ISTIO_META_OWNER) come out empty where the compiled path takes generateName.
        if (!HasName(metadata) && !(metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("ownerReferences"u8, out var owners)
            && owners.ValueKind == JsonValueKind.Array && owners.GetArrayLength() > 0))
        {
            return false;
        }
        // Names Kubernetes accepts are DNS subdomains (a-z, 0-9, '-', '.'); Istio cuts the canonical name from them by
        // bytes and prints them unquoted into YAML (which would trim blanks), so only those spellings are compiled.
        if (metadata.ValueKind == JsonValueKind.Object && (!IsSubdomainTextOrAbsent(metadata, "name"u8) || !IsSubdomainTextOrAbsent(metadata, "generateName"u8))) return false;
        // Owner references name the workload (its name, kind and group go into the canonical name, the workload name
        // and ISTIO_META_OWNER, printed unquoted into YAML by Istio's templates, where ": " or " #" would change the
        // document): only the alphabet of Kubernetes' names, kinds and group versions is proven alike.
        if (metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("ownerReferences"u8, out var references)
            && references.ValueKind == JsonValueKind.Array && !OwnersArePlain(references))
        {
            return false;
        }
        // Istio's templates print labels and container names into YAML: only the spellings Kubernetes accepts (the API
        // server refuses any other after the webhooks) are proven to come out alike.
        if (metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("labels"u8, out var allLabels) && allLabels.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in allLabels.EnumerateObject())
            {
                if (label.Value.ValueKind != JsonValueKind.String || !IsLabelValue(label.Value.GetString()!)) return false;
            }
        }
        // An empty network label clears the install's network for Istio (extractClusterAndNetwork) but not its env.
        if (metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("labels"u8, out var labels) && labels.ValueKind == JsonValueKind.Object
            && labels.TryGetProperty("topology.istio.io/network"u8, out var network) && network.ValueKind == JsonValueKind.String && network.GetString()!.Length == 0)
        {
            return false;
        }
        return true;
    }

    private static bool IsPlainNamespace(JsonElement pod, string? requestNamespace)
    {
        var effective = AdmissionRequest.EffectiveNamespace(pod, requestNamespace);
        return effective.Length == 0 || Istio.IstioNames.IsDnsLabel(effective);
    }

    private static bool OwnersArePlain(JsonElement references)
    {
        foreach (var owner in references.EnumerateArray())
        {
            if (owner.ValueKind != JsonValueKind.Object) return false;
            foreach (var field in owner.EnumerateObject())
            {
                if (field.Value.ValueKind == JsonValueKind.String && !IsOwnerText(field.Value.GetString()!)) return false;
            }
        }
        return true;
    }

    // Letters, digits and "-._/": DNS subdomains, kinds, "group/version" and UIDs are spelled in it.
    private static bool IsOwnerText(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_' or '/')) return false;
        }
        return true;
    }

    private static bool IsSubdomainTextOrAbsent(JsonElement metadata, ReadOnlySpan<byte> key)
    {
        if (!metadata.TryGetProperty(key, out var value) || value.ValueKind != JsonValueKind.String) return true;
        foreach (var c in value.GetString()!)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c is not ('-' or '.')) return false;
        }
        return true;
    }

    private static bool HasName(JsonElement metadata) =>
        metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("name"u8, out var name)
        && name.ValueKind == JsonValueKind.String && name.GetString()!.Length > 0;

    private static readonly string[] ProbeKinds = ["readinessProbe", "livenessProbe", "startupProbe"];

    /// <summary>
    /// The containers the compiled path writes as Istio does: at least one app container; init containers without
    /// probes (Istio rewrites theirs too); probe ports that are numbers or the name of exactly one port of the same
    /// container; and port texts and probe texts Go's JSON encoder and ours spell alike inside ISTIO_META_POD_PORTS and
    /// ISTIO_KUBE_APP_PROBERS (printable ASCII without the characters Go escapes).
    /// </summary>
    private static bool ContainersCovered(JsonElement spec)
    {
        if (!spec.TryGetProperty("containers"u8, out var containers) || containers.ValueKind != JsonValueKind.Array || containers.GetArrayLength() == 0) return false;
        foreach (var container in containers.EnumerateArray())
        {
            if (container.ValueKind != JsonValueKind.Object || !HasDnsLabelName(container)) return false;
            if (container.TryGetProperty("ports"u8, out var ports) && ports.ValueKind == JsonValueKind.Array)
            {
                foreach (var port in ports.EnumerateArray())
                {
                    if (port.ValueKind != JsonValueKind.Object) continue;
                    foreach (var field in port.EnumerateObject())
                    {
                        if (field.Value.ValueKind == JsonValueKind.String && !IsOwnerText(field.Value.GetString()!)) return false;
                    }
                }
            }
            foreach (var kind in ProbeKinds)
            {
                if (!container.TryGetProperty(kind, out var probe) || probe.ValueKind != JsonValueKind.Object) continue;
                if (!ProbeCovered(probe, container)) return false;
            }
        }
        if (spec.TryGetProperty("initContainers"u8, out var inits) && inits.ValueKind == JsonValueKind.Array)
        {
            foreach (var container in inits.EnumerateArray())
            {
                if (container.ValueKind != JsonValueKind.Object || !HasDnsLabelName(container)) return false;
                foreach (var kind in ProbeKinds)
                {
                    if (container.TryGetProperty(kind, out var probe) && probe.ValueKind == JsonValueKind.Object) return false;
                }
            }
        }
        return true;
    }

    private static bool ProbeCovered(JsonElement probe, JsonElement container)
    {
        foreach (var action in probe.EnumerateObject())
        {
            if (action.Value.ValueKind != JsonValueKind.Object) continue;
            if (action.Value.TryGetProperty("port"u8, out var port) && port.ValueKind == JsonValueKind.String && !UniquePortName(container, port)) return false;
            if (action.Value.TryGetProperty("path"u8, out var path) && !IsPlain(path)) return false;
            if (action.Value.TryGetProperty("host"u8, out var host) && !IsPlain(host)) return false;
            if (action.Value.TryGetProperty("httpHeaders"u8, out var headers) && headers.ValueKind == JsonValueKind.Array)
            {
                foreach (var header in headers.EnumerateArray())
                {
                    if (header.ValueKind != JsonValueKind.Object) return false;
                    foreach (var field in header.EnumerateObject())
                    {
                        if (!IsPlain(field.Value)) return false;
                    }
                }
            }
        }
        return true;
    }

    private static bool UniquePortName(JsonElement container, JsonElement name)
    {
        var count = 0;
        if (container.TryGetProperty("ports"u8, out var ports) && ports.ValueKind == JsonValueKind.Array)
        {
            foreach (var port in ports.EnumerateArray())
            {
                if (port.ValueKind == JsonValueKind.Object && port.TryGetProperty("name"u8, out var n) && n.ValueKind == JsonValueKind.String
                    && n.ValueEquals(name.GetString())) count++;
            }
        }
        return count == 1;
    }

    /// <summary>A Kubernetes label value: empty, or at most 63 of [A-Za-z0-9-_.] starting and ending alphanumeric.</summary>
    internal static bool IsLabelValue(string value)
    {
        if (value.Length == 0) return true;
        if (value.Length > 63 || !char.IsAsciiLetterOrDigit(value[0]) || !char.IsAsciiLetterOrDigit(value[^1])) return false;
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')) return false;
        }
        return true;
    }

    /// <summary>A container name as Kubernetes requires it: a DNS-1123 label (lower-case alphanumerics and '-', at most 63).</summary>
    private static bool HasDnsLabelName(JsonElement container)
    {
        if (!container.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String) return false;
        var text = name.GetString()!;
        if (text.Length is 0 or > 63 || text[0] == '-' || text[^1] == '-') return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterLower(c) && c != '-') return false;
        }
        return true;
    }

    private static bool IsPlain(JsonElement text)
    {
        if (text.ValueKind != JsonValueKind.String) return text.ValueKind == JsonValueKind.Null;
        foreach (var c in text.GetString()!)
        {
            if (c is < ' ' or > '~' or '<' or '>' or '&' or '"' or '\\') return false;
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
    /// two default-container keys its template reads, Multus, AppArmor). Other kubectl keys (last-applied-configuration)
    /// are read by neither path.</summary>
    internal static bool IsReadByIstio(string key)
    {
        var slash = key.IndexOf('/');
        var prefix = slash < 0 ? key : key[..slash];
        return prefix.EndsWith("istio.io", StringComparison.Ordinal)
            || key.Contains("prometheus", StringComparison.OrdinalIgnoreCase)
            || key is "kubectl.kubernetes.io/default-container" or "kubectl.kubernetes.io/default-logs-container"
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
