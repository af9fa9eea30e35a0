using System.Buffers;
using System.Text.Json;

namespace Injector.Injection;

/// <summary>The proxy's <c>env</c> list, in Istio's order: static head, then the per-pod metadata.</summary>
internal static class ProxyEnvWriter
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    // Names encoded once: the writer copies them without an escape scan per request.
    private static readonly JsonEncodedText EnvName = JsonEncodedText.Encode("env");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText Generator = JsonEncodedText.Encode("ISTIO_META_GENERATOR");
    private static readonly JsonEncodedText OutputCerts = JsonEncodedText.Encode("OUTPUT_CERTS");
    private static readonly JsonEncodedText ClusterId = JsonEncodedText.Encode("ISTIO_META_CLUSTER_ID");
    private static readonly JsonEncodedText InterceptionMode = JsonEncodedText.Encode("ISTIO_META_INTERCEPTION_MODE");
    private static readonly JsonEncodedText Network = JsonEncodedText.Encode("ISTIO_META_NETWORK");
    private static readonly JsonEncodedText WorkloadName = JsonEncodedText.Encode("ISTIO_META_WORKLOAD_NAME");
    private static readonly JsonEncodedText Owner = JsonEncodedText.Encode("ISTIO_META_OWNER");
    private static readonly JsonEncodedText MeshId = JsonEncodedText.Encode("ISTIO_META_MESH_ID");
    private static readonly JsonEncodedText TrustDomain = JsonEncodedText.Encode("TRUST_DOMAIN");
    private static readonly JsonEncodedText DnsCapture = JsonEncodedText.Encode("ISTIO_META_DNS_CAPTURE");
    private static readonly JsonEncodedText DisableEnvoy = JsonEncodedText.Encode("DISABLE_ENVOY");
    private static readonly JsonEncodedText ProxyConfig = JsonEncodedText.Encode("PROXY_CONFIG");
    private static readonly JsonEncodedText PodPorts = JsonEncodedText.Encode("ISTIO_META_POD_PORTS");
    private static readonly JsonEncodedText AppContainers = JsonEncodedText.Encode("ISTIO_META_APP_CONTAINERS");
    private static readonly JsonEncodedText AppProbers = JsonEncodedText.Encode("ISTIO_KUBE_APP_PROBERS");
    private static readonly byte[] WorkloadNameLabel = System.Text.Encoding.UTF8.GetBytes(AnnotationNames.WorkloadNameLabel);

    public static void Write(Utf8JsonWriter w, InjectionPlan plan, ProbeRewrites probes)
    {
        var segments = plan.Revision.Segments;
        var revision = plan.Revision;
        w.WriteStartArray(EnvName);
        if (plan.GrpcAgent)
        {
            Value(w, Generator, "grpc");
            Value(w, OutputCerts, "/var/lib/istio/data");
        }
        foreach (var e in segments.EnvHead) w.WriteRawValue(e, skipInputValidation: true);
        if (!plan.GrpcAgent) w.WriteRawValue(segments.CpuLimitEnv, skipInputValidation: true);
        WriteProxyConfig(w, plan);
        WritePodPorts(w, plan);
        if (plan.GrpcAgent)
        {
            WriteAppContainers(w, plan);
        }
        else if (plan.Gateway)
        {
            w.WriteRawValue(segments.MemoryLimitEnv, skipInputValidation: true);
            WriteAppContainers(w, plan);
        }
        else
        {
            WriteAppContainers(w, plan);
            w.WriteRawValue(segments.MemoryLimitEnv, skipInputValidation: true);
        }
        if (!plan.ClusterIdMoved) ValueOrConfigured(w, ClusterId, plan.ClusterId, revision.Config.ClusterId, revision.ClusterIdText);
        w.WriteRawValue(segments.NodeNameEnv, skipInputValidation: true);
        if (!plan.GrpcAgent) ValueOrConfigured(w, InterceptionMode, plan.InterceptionMode, revision.Config.InterceptionMode, revision.InterceptionModeText);
        // The template's ISTIO_META_NETWORK (values.global.network) is always moved: a network makes it a proxy env.
        var workloadName = plan.Pod.TryGetLabel(WorkloadNameLabel, out var label) && label.Length > 0 ? label : plan.Workload.Name;
        if (workloadName.Length > 0) Value(w, WorkloadName, workloadName);
        if (plan.Workload.Name.Length > 0 && plan.Workload.ApiVersion.Length > 0) WriteOwner(w, plan);
        Value(w, MeshId, revision.MeshIdText);
        Value(w, TrustDomain, revision.TrustDomainText);
        if (plan.GrpcAgent)
        {
            // No Envoy: the agent only serves xDS and certificates, so DNS capture is off too.
            Value(w, DnsCapture, "false");
            Value(w, DisableEnvoy, "true");
        }
        // overwriteClusterInfo (updateClusterEnvs): the proxy envs, sorted by name, after the template's; the
        // post-processing steps after it (Prometheus merge, probe rewrite) append theirs later.
        if (plan.ClusterIdMoved) ValueOrConfigured(w, ClusterId, plan.ClusterId, revision.Config.ClusterId, revision.ClusterIdText);
        if (plan.Network.Length > 0) Value(w, Network, plan.Network);
        PrometheusMerge.WriteEnv(w, plan);
        if (probes.Probers.Count > 0) WriteProbers(w, probes);
        w.WriteEndArray();
    }

    public static void Value(Utf8JsonWriter w, string name, string value)
    {
        w.WriteStartObject();
        w.WriteString(NameName, name);
        w.WriteString(ValueName, value);
        w.WriteEndObject();
    }

    private static void Value(Utf8JsonWriter w, JsonEncodedText name, string value)
    {
        w.WriteStartObject();
        w.WriteString(NameName, name);
        w.WriteString(ValueName, value);
        w.WriteEndObject();
    }

    private static void Value(Utf8JsonWriter w, JsonEncodedText name, JsonEncodedText value)
    {
        w.WriteStartObject();
        w.WriteString(NameName, name);
        w.WriteString(ValueName, value);
        w.WriteEndObject();
    }

    /// <summary>The revision's pre-encoded value when the pod's equals it (the common case), else the pod's, escaped.</summary>
    private static void ValueOrConfigured(Utf8JsonWriter w, JsonEncodedText name, string value, string configured, JsonEncodedText configuredText)
    {
        if (string.Equals(value, configured, StringComparison.Ordinal)) Value(w, name, configuredText);
        else Value(w, name, value);
    }

    private static void Value(Utf8JsonWriter w, JsonEncodedText name, ReadOnlySpan<byte> utf8Value)
    {
        w.WriteStartObject();
        w.WriteString(NameName, name);
        w.WriteString(ValueName, utf8Value);
        w.WriteEndObject();
    }

    /// <summary><c>ISTIO_META_OWNER</c>, formatted into a stack buffer instead of concatenated strings.</summary>
    private static void WriteOwner(Utf8JsonWriter w, InjectionPlan plan)
    {
        var length = plan.Workload.OwnerUriLength(plan.Namespace);
        char[]? rented = null;
        var buffer = length <= 512 ? stackalloc char[512] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            var written = plan.Workload.FormatOwnerUri(plan.Namespace, buffer);
            w.WriteStartObject();
            w.WriteString(NameName, Owner);
            w.WriteString(ValueName, buffer[..written]);
            w.WriteEndObject();
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary><c>proxy.istio.io/config</c> (JSON), compacted; otherwise the empty config. A trailing newline, as istiod writes it.</summary>
    private static void WriteProxyConfig(Utf8JsonWriter w, InjectionPlan plan)
    {
        if (plan.Pod.TryGetAnnotation(AnnotationNames.ProxyConfig, out var json))
        {
            var scratch = Scratch.Take();
            if (!ProxyConfigAnnotation.TryCompact(json, scratch.Buffer)) scratch.Buffer.Write("{}"u8);
            scratch.Buffer.Write(NewLine);
            Value(w, ProxyConfig, scratch.Buffer.WrittenSpan);
        }
        else
        {
            Value(w, ProxyConfig, plan.Revision.ProxyConfigText);
        }
    }

    /// <summary>
    /// Every app container port as Go's <c>ContainerPort</c> JSON, one per line, in istiod's exact text layout
    /// (the agent and the goldens read it as a string).
    /// </summary>
    private static void WritePodPorts(Utf8JsonWriter w, InjectionPlan plan)
    {
        var scratch = Scratch.Take();
        var buffer = scratch.Buffer;
        buffer.Write("[\n"u8);
        var first = true;
        if (plan.Pod.Containers.ValueKind == JsonValueKind.Array)
        {
            foreach (var c in plan.Pod.Containers.EnumerateArray())
            {
                plan.Budget.Spend();
                // The proxy's own ports (a user-supplied istio-proxy) are not the app's.
                if (!IsAppContainer(plan, PodView.NameOf(c), allowUnnamed: true)) continue;
                var ports = PodView.Child(c, "ports"u8, JsonValueKind.Array);
                if (ports.ValueKind != JsonValueKind.Array) continue;
                foreach (var p in ports.EnumerateArray())
                {
                    plan.Budget.Spend();
                    // Go decodes a null entry as an empty ContainerPort.
                    if (p.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null)) continue;
                    buffer.Write(first ? "    "u8 : "    ,"u8);
                    first = false;
                    var inner = scratch.FreshWriter();
                    inner.WriteStartObject();
                    foreach (var field in GoPortFieldOrder)
                    {
                        // The names need no escaping, so their encoded bytes are the names themselves.
                        JsonElement v = default;
                        var present = p.ValueKind == JsonValueKind.Object && p.TryGetProperty(field.EncodedUtf8Bytes, out v);
                        // Go's ContainerPort: containerPort is always written (0 when absent); the other fields are
                        // omitempty, so an empty string, a zero or a null is left out.
                        if (field.EncodedUtf8Bytes.SequenceEqual("containerPort"u8))
                        {
                            inner.WritePropertyName(field);
                            if (present && v.ValueKind != JsonValueKind.Null) v.WriteTo(inner); else inner.WriteNumberValue(0);
                            continue;
                        }
                        if (!present || IsGoEmpty(v)) continue;
                        inner.WritePropertyName(field);
                        v.WriteTo(inner);
                    }
                    inner.WriteEndObject();
                    inner.Flush();
                    buffer.Write(NewLine);
                }
            }
        }
        buffer.Write("]"u8);
        Value(w, PodPorts, buffer.WrittenSpan);
    }

    private static bool IsGoEmpty(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => true,
        JsonValueKind.String => value.ValueEquals(""u8),
        JsonValueKind.Number => value.TryGetInt64(out var n) && n == 0,
        _ => false,
    };

    private static readonly JsonEncodedText[] GoPortFieldOrder =
    [
        JsonEncodedText.Encode("name"), JsonEncodedText.Encode("hostPort"), JsonEncodedText.Encode("containerPort"),
        JsonEncodedText.Encode("protocol"), JsonEncodedText.Encode("hostIP"),
    ];

    private static void WriteAppContainers(Utf8JsonWriter w, InjectionPlan plan)
    {
        var buffer = Scratch.Take().Buffer;
        if (plan.Pod.Containers.ValueKind == JsonValueKind.Array)
        {
            foreach (var c in plan.Pod.Containers.EnumerateArray())
            {
                plan.Budget.Spend();
                var name = PodView.NameOf(c);
                if (!IsAppContainer(plan, name, allowUnnamed: false)) continue;
                if (buffer.WrittenCount > 0) buffer.Write(","u8);
                buffer.Write(Json.JsonText.Utf8(name));
            }
        }
        Value(w, AppContainers, buffer.WrittenSpan);
    }

    private static bool IsAppContainer(InjectionPlan plan, JsonElement name, bool allowUnnamed) =>
        name.ValueKind == JsonValueKind.String
            ? !name.ValueEquals(ContainerNames.ProxyUtf8) && !plan.Previous.Containers.Contains(name)
            : allowUnnamed;

    private static void WriteProbers(Utf8JsonWriter w, ProbeRewrites probes)
    {
        var scratch = Scratch.Take();
        probes.Probers.WriteTo(scratch.FreshWriter());
        Value(w, AppProbers, scratch.Written);
    }
}
