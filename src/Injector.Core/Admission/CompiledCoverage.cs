using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Injector.Injection;
using Injector.Json;

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
    public static bool CoversPod(JsonTreeElement pod, in AdmissionRoute route, CompiledRevision revision, string? requestNamespace = null) =>
        CoversPod(PodView.Read(pod), in route, revision, requestNamespace);

    /// <summary>The same, on the pod as the webhook has already located it (null: not an object).</summary>
    internal static bool CoversPod(PodView? pod, in AdmissionRoute route, CompiledRevision revision, string? requestNamespace)
    {
        ArgumentNullException.ThrowIfNull(revision);
        // Path envs other than cluster and net are the renderer's; /inject/cluster/C/net/N the compiled path applies
        // as Istio does (PodOverrideRuleTests).
        if (route.OtherEnvs.Count > 0) return false;
        if (route.ClusterId is not null || route.Network is not null) return true;
        if (pod is null) return true; // not an object: the compiled path skips it as not_pod, as the renderer does
        if (!YamlPrintable.Holds(pod.Pod)) return false;
        // The namespace (the pod's own, else the request's) goes into ISTIO_META_OWNER and Istio's YAML: the API server
        // only sends DNS labels; any other text is rendered.
        var effectiveNamespace = string.IsNullOrEmpty(pod.Namespace) ? requestNamespace ?? "" : pod.Namespace;
        if (effectiveNamespace.Length > 0 && !Istio.IstioNames.IsDnsLabel(effectiveNamespace)) return false;

        if (pod.Annotations.ValueKind == JsonValueKind.Object)
        {
            foreach (var annotation in pod.Annotations.EnumerateObject())
            {
                if (!IsCoveredAnnotation(annotation)) return false;
            }
            // Annotations over Kubernetes' limit are refused by the renderer before any work (the API server would refuse
            // the pod after admission anyway), so both paths answer alike.
            if (AnnotationBytesExceed(pod.Annotations, Rendering.RenderedInjector.MaxAnnotationBytes)) return false;
        }
        if (pod.Spec.ValueKind != JsonValueKind.Object) return false;
        if (HasIstioContainer(pod.Containers) || HasIstioContainer(pod.InitContainers)) return false;
        // The pod's own native sidecars (init containers with a restartPolicy) have probes Istio rewrites too.
        if (HasRestartPolicy(pod.InitContainers)) return false;
        // A volume named like one Istio's template adds is merged into it by the strategic merge.
        if (HasInjectedVolumeName(pod.Volumes)) return false;
        if (!ContainersCovered(pod.Containers, pod.InitContainers)) return false;
        // A pod without a name or an owner: Istio's workload name (and so the canonical name, ISTIO_META_WORKLOAD_NAME
        // and ISTIO_META_OWNER) come out empty where the compiled path takes generateName.
        if (string.IsNullOrEmpty(pod.Name) && !(pod.OwnerReferences.ValueKind == JsonValueKind.Array && pod.OwnerReferences.GetArrayLength() > 0))
        {
            return false;
        }
        // Names Kubernetes accepts are DNS subdomains (a-z, 0-9, '-', '.'); Istio cuts the canonical name from them by
        // bytes and prints them unquoted into YAML (which would trim blanks), so only those spellings are compiled.
        if (!IsSubdomainTextOrAbsent(pod.Name) || !IsSubdomainTextOrAbsent(pod.GenerateName)) return false;
        // Owner references name the workload (its name, kind and group go into the canonical name, the workload name
        // and ISTIO_META_OWNER, printed unquoted into YAML by Istio's templates, where ": " or " #" would change the
        // document): only the alphabet of Kubernetes' names, kinds and group versions is proven alike.
        if (pod.OwnerReferences.ValueKind == JsonValueKind.Array && !OwnersArePlain(pod.OwnerReferences)) return false;
        if (pod.Labels.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in pod.Labels.EnumerateObject())
            {
                // Istio's templates print labels into YAML: only the spellings Kubernetes accepts (the API server refuses
                // any other after the webhooks) are proven to come out alike.
                if (label.Value.ValueKind != JsonValueKind.String || !IsLabelValue(JsonText.Utf8(label.Value))) return false;
                // An empty network label clears the install's network for Istio (extractClusterAndNetwork) but not its env.
                if (label.Value.ValueEquals(""u8) && label.NameEquals("topology.istio.io/network"u8)) return false;
            }
        }
        return true;
    }

    /// <summary>Whether the annotations' keys and values take more than <paramref name="limit"/> bytes of UTF-8, as
    /// Kubernetes counts them. Escapes only lengthen the JSON, so the raw bytes decide unless they exceed the limit.</summary>
    private static bool AnnotationBytesExceed(JsonTreeElement annotations, long limit)
    {
        long raw = 0;
        foreach (var annotation in annotations.EnumerateObject())
        {
            raw += annotation.RawName.Length;
            if (annotation.Value.ValueKind == JsonValueKind.String) raw += annotation.Value.RawValue.Length - 2;
        }
        if (raw <= limit) return false;
        long exact = 0;
        foreach (var annotation in annotations.EnumerateObject())
        {
            exact += System.Text.Encoding.UTF8.GetByteCount(annotation.Name);
            if (annotation.Value.ValueKind == JsonValueKind.String) exact += System.Text.Encoding.UTF8.GetByteCount(annotation.Value.GetString()!);
        }
        return exact > limit;
    }

    private static bool OwnersArePlain(JsonTreeElement references)
    {
        foreach (var owner in references.EnumerateArray())
        {
            if (owner.ValueKind != JsonValueKind.Object) return false;
            foreach (var field in owner.EnumerateObject())
            {
                if (field.Value.ValueKind == JsonValueKind.String && !OnlyOf(field.Value, OwnerTextBytes)) return false;
            }
        }
        return true;
    }

    // Letters, digits and "-._/": DNS subdomains, kinds, "group/version" and UIDs are spelled in it.
    private static readonly SearchValues<byte> OwnerTextBytes =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._/"u8);
    private static readonly SearchValues<byte> LabelValueBytes =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."u8);
    private static readonly SearchValues<byte> DnsLabelBytes = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-"u8);
    // Printable ASCII without the characters Go's JSON encoder escapes (and the quote and backslash).
    private static readonly SearchValues<byte> PlainBytes =
        SearchValues.Create(" !#$%'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

    /// <summary>Whether every byte of the string's UTF-8 text is in <paramref name="allowed"/> (an ASCII set, so any
    /// non-ASCII character is outside it).</summary>
    private static bool OnlyOf(JsonTreeElement text, SearchValues<byte> allowed) => JsonText.Utf8(text).IndexOfAnyExcept(allowed) < 0;

    private static bool IsSubdomainTextOrAbsent(string? text)
    {
        foreach (var c in text ?? "")
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c is not ('-' or '.')) return false;
        }
        return true;
    }

    private static readonly PropertyPicker ProbeKinds = new("readinessProbe", "livenessProbe", "startupProbe");

    /// <summary>
    /// The containers the compiled path writes as Istio does: at least one app container; init containers without
    /// probes (Istio rewrites theirs too); probe ports that are numbers or the name of exactly one port of the same
    /// container; and port texts and probe texts Go's JSON encoder and ours spell alike inside ISTIO_META_POD_PORTS and
    /// ISTIO_KUBE_APP_PROBERS (printable ASCII without the characters Go escapes).
    /// </summary>
    private static bool ContainersCovered(JsonTreeElement containers, JsonTreeElement inits)
    {
        if (containers.ValueKind != JsonValueKind.Array || containers.GetArrayLength() == 0) return false;
        foreach (var container in containers.EnumerateArray())
        {
            if (container.ValueKind != JsonValueKind.Object || !HasDnsLabelName(container)) return false;
            foreach (var field in container.EnumerateObject())
            {
                if (field.NameEquals("ports"u8) && field.Value.ValueKind == JsonValueKind.Array && !PortsArePlain(field.Value)) return false;
                if (ProbeKinds.IndexOf(field) >= 0 && field.Value.ValueKind == JsonValueKind.Object && !ProbeCovered(field.Value, container)) return false;
            }
        }
        if (inits.ValueKind == JsonValueKind.Array)
        {
            foreach (var container in inits.EnumerateArray())
            {
                if (container.ValueKind != JsonValueKind.Object || !HasDnsLabelName(container)) return false;
                foreach (var field in container.EnumerateObject())
                {
                    if (ProbeKinds.IndexOf(field) >= 0 && field.Value.ValueKind == JsonValueKind.Object) return false;
                }
            }
        }
        return true;
    }

    private static bool PortsArePlain(JsonTreeElement ports)
    {
        foreach (var port in ports.EnumerateArray())
        {
            if (port.ValueKind != JsonValueKind.Object) continue;
            foreach (var field in port.EnumerateObject())
            {
                if (field.Value.ValueKind == JsonValueKind.String && !OnlyOf(field.Value, OwnerTextBytes)) return false;
            }
        }
        return true;
    }

    private static bool ProbeCovered(JsonTreeElement probe, JsonTreeElement container)
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

    private static bool UniquePortName(JsonTreeElement container, JsonTreeElement name)
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
    private static bool IsLabelValue(ReadOnlySpan<byte> value) =>
        value.Length == 0
        || (value.Length <= 63 && char.IsAsciiLetterOrDigit((char)value[0]) && char.IsAsciiLetterOrDigit((char)value[^1])
            && value.IndexOfAnyExcept(LabelValueBytes) < 0);

    /// <summary>A container name as Kubernetes requires it: a DNS-1123 label (lower-case alphanumerics and '-', at most 63).</summary>
    private static bool HasDnsLabelName(JsonTreeElement container)
    {
        if (PodView.NameOf(container) is not { ValueKind: JsonValueKind.String } name) return false;
        var text = JsonText.Utf8(name);
        return text.Length is > 0 and <= 63 && text[0] != '-' && text[^1] != '-' && text.IndexOfAnyExcept(DnsLabelBytes) < 0;
    }

    private static bool IsPlain(JsonTreeElement text) =>
        text.ValueKind == JsonValueKind.String ? OnlyOf(text, PlainBytes) : text.ValueKind == JsonValueKind.Null;

    private static bool HasInjectedVolumeName(JsonTreeElement volumes)
    {
        if (volumes.ValueKind != JsonValueKind.Array) return false;
        foreach (var volume in volumes.EnumerateArray())
        {
            if (PodView.NameOf(volume) is not { ValueKind: JsonValueKind.String } name) continue;
            if (name.ValueEquals("workload-socket"u8) || name.ValueEquals("credential-socket"u8) || name.ValueEquals("workload-certs"u8)) return true;
            if (JsonText.Utf8(name).StartsWith("istio"u8)) return true;
        }
        return false;
    }

    // Annotations Istio's templates and webhook do not read change nothing; the inject switch is covered for the
    // values both paths read the same way.
    private static bool IsCoveredAnnotation(JsonTreeProperty annotation)
    {
        var raw = annotation.RawName;
        if (!annotation.NameIsEscaped && Ascii.IsValid(raw))
        {
            // The common spelling, read in place (no string per annotation).
            if (raw.SequenceEqual(InjectionDecision.InjectKeyUtf8))
                return annotation.Value.ValueKind == JsonValueKind.String && (annotation.Value.ValueEquals("true"u8) || annotation.Value.ValueEquals("false"u8));
            return !IsReadByIstio(raw);
        }
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

    /// <summary><see cref="IsReadByIstio(string)"/> for an ASCII key as UTF-8 (ASCII case folding is the whole of
    /// OrdinalIgnoreCase there).</summary>
    internal static bool IsReadByIstio(ReadOnlySpan<byte> key)
    {
        var slash = key.IndexOf((byte)'/');
        var prefix = slash < 0 ? key : key[..slash];
        return prefix.EndsWith("istio.io"u8)
            || ContainsIgnoreCase(key, "prometheus"u8)
            || key.SequenceEqual("kubectl.kubernetes.io/default-container"u8) || key.SequenceEqual("kubectl.kubernetes.io/default-logs-container"u8)
            || prefix.SequenceEqual("k8s.v1.cni.cncf.io"u8)
            || key.IndexOf("apparmor"u8) >= 0;
    }

    private static bool ContainsIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lowerCaseWord)
    {
        for (var i = 0; i + lowerCaseWord.Length <= text.Length; i++)
        {
            if ((text[i] | 0x20) == lowerCaseWord[0] && Ascii.EqualsIgnoreCase(text.Slice(i, lowerCaseWord.Length), lowerCaseWord)) return true;
        }
        return false;
    }

    private static bool HasRestartPolicy(JsonTreeElement initContainers)
    {
        if (initContainers.ValueKind != JsonValueKind.Array) return false;
        foreach (var container in initContainers.EnumerateArray())
        {
            if (container.ValueKind == JsonValueKind.Object && container.TryGetProperty("restartPolicy"u8, out _)) return true;
        }
        return false;
    }

    private static bool HasIstioContainer(JsonTreeElement containers)
    {
        if (containers.ValueKind != JsonValueKind.Array) return false;
        foreach (var container in containers.EnumerateArray())
        {
            if (PodView.NameOf(container) is { ValueKind: JsonValueKind.String } name && JsonText.Utf8(name).StartsWith("istio-"u8)) return true;
        }
        return false;
    }
}
