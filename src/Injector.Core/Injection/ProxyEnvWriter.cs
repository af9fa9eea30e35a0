using System.Buffers;
using System.Text.Json;

namespace Injector.Injection;

/// <summary>The proxy's <c>env</c> list, in Istio's order: static head, then the per-pod metadata.</summary>
internal static class ProxyEnvWriter
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static void Write(Utf8JsonWriter w, InjectionPlan plan, ProbeRewrites probes)
    {
        var segments = plan.Revision.Segments;
        var revision = plan.Revision;
        w.WriteStartArray("env");
        if (plan.GrpcAgent)
        {
            Value(w, "ISTIO_META_GENERATOR", "grpc");
            Value(w, "OUTPUT_CERTS", "/var/lib/istio/data");
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
        Value(w, "ISTIO_META_CLUSTER_ID", plan.ClusterId);
        w.WriteRawValue(segments.NodeNameEnv, skipInputValidation: true);
        if (!plan.GrpcAgent) Value(w, "ISTIO_META_INTERCEPTION_MODE", plan.InterceptionMode);
        if (plan.Network.Length > 0) Value(w, "ISTIO_META_NETWORK", plan.Network);
        var workloadName = plan.Pod.TryGetLabel(AnnotationNames.WorkloadNameLabel, out var label) && label.Length > 0 ? label : plan.Workload.Name;
        if (workloadName.Length > 0) Value(w, "ISTIO_META_WORKLOAD_NAME", workloadName);
        if (plan.Workload.Name.Length > 0 && plan.Workload.ApiVersion.Length > 0)
        {
            Value(w, "ISTIO_META_OWNER", plan.Workload.OwnerUri(plan.Namespace));
        }
        Value(w, "ISTIO_META_MESH_ID", revision.MeshId);
        Value(w, "TRUST_DOMAIN", revision.Config.TrustDomain);
        if (plan.GrpcAgent)
        {
            // No Envoy: the agent only serves xDS and certificates, so DNS capture is off too.
            Value(w, "ISTIO_META_DNS_CAPTURE", "false");
            Value(w, "DISABLE_ENVOY", "true");
        }
        PrometheusMerge.WriteEnv(w, plan);
        if (probes.Probers.Count > 0) WriteProbers(w, probes);
        w.WriteEndArray();
    }

    public static void Value(Utf8JsonWriter w, string name, string value)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("value", value);
        w.WriteEndObject();
    }

    /// <summary><c>proxy.istio.io/config</c> (JSON), compacted; otherwise the empty config. A trailing newline, as istiod writes it.</summary>
    private static void WriteProxyConfig(Utf8JsonWriter w, InjectionPlan plan)
    {
        w.WriteStartObject();
        w.WriteString("name", "PROXY_CONFIG");
        if (plan.Pod.TryGetAnnotation(AnnotationNames.ProxyConfig, out var json))
        {
            var scratch = Scratch.Take();
            if (!ProxyConfigAnnotation.TryCompact(json, scratch.Buffer)) scratch.Buffer.Write("{}"u8);
            scratch.Buffer.Write(NewLine);
            w.WriteString("value", scratch.Buffer.WrittenSpan);
        }
        else
        {
            w.WriteString("value", "{}\n"u8);
        }
        w.WriteEndObject();
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
                // The proxy's own ports (a user-supplied istio-proxy) are not the app's.
                if (!IsAppContainer(plan, PodView.NameOf(c), allowUnnamed: true)) continue;
                var ports = PodView.Child(c, "ports", JsonValueKind.Array);
                if (ports.ValueKind != JsonValueKind.Array) continue;
                foreach (var p in ports.EnumerateArray())
                {
                    if (p.ValueKind != JsonValueKind.Object) continue;
                    buffer.Write(first ? "    "u8 : "    ,"u8);
                    first = false;
                    var inner = scratch.FreshWriter();
                    inner.WriteStartObject();
                    foreach (var field in GoPortFieldOrder)
                    {
                        if (p.TryGetProperty(field, out var v)) { inner.WritePropertyName(field); v.WriteTo(inner); }
                    }
                    inner.WriteEndObject();
                    inner.Flush();
                    buffer.Write(NewLine);
                }
            }
        }
        buffer.Write("]"u8);
        w.WriteStartObject();
        w.WriteString("name", "ISTIO_META_POD_PORTS");
        w.WriteString("value", buffer.WrittenSpan);
        w.WriteEndObject();
    }

    private static readonly string[] GoPortFieldOrder = ["name", "hostPort", "containerPort", "protocol", "hostIP"];

    private static void WriteAppContainers(Utf8JsonWriter w, InjectionPlan plan)
    {
        var buffer = Scratch.Take().Buffer;
        if (plan.Pod.Containers.ValueKind == JsonValueKind.Array)
        {
            foreach (var c in plan.Pod.Containers.EnumerateArray())
            {
                var name = PodView.NameOf(c);
                if (!IsAppContainer(plan, name, allowUnnamed: false)) continue;
                if (buffer.WrittenCount > 0) buffer.Write(","u8);
                WriteText(buffer, name);
            }
        }
        w.WriteStartObject();
        w.WriteString("name", "ISTIO_META_APP_CONTAINERS");
        w.WriteString("value", buffer.WrittenSpan);
        w.WriteEndObject();
    }

    private static bool IsAppContainer(InjectionPlan plan, JsonElement name, bool allowUnnamed) =>
        name.ValueKind == JsonValueKind.String
            ? !name.ValueEquals(ContainerNames.Proxy) && !PreviousInjection.Contains(plan.Previous.Containers, name)
            : allowUnnamed;

    /// <summary>The string's text as UTF-8: the pod's own bytes when they hold no escapes (names never do).</summary>
    private static void WriteText(ArrayBufferWriter<byte> buffer, JsonElement text)
    {
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(text);
        var inner = raw[1..^1]; // the raw value includes its quotes
        if (inner.IndexOf((byte)'\\') < 0)
        {
            buffer.Write(inner);
            return;
        }
        var decoded = text.GetString()!;
        var span = buffer.GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(decoded.Length));
        buffer.Advance(System.Text.Encoding.UTF8.GetBytes(decoded, span));
    }

    private static void WriteProbers(Utf8JsonWriter w, ProbeRewrites probes)
    {
        var scratch = Scratch.Take();
        probes.Probers.WriteTo(scratch.FreshWriter());
        w.WriteStartObject();
        w.WriteString("name", "ISTIO_KUBE_APP_PROBERS");
        w.WriteString("value", scratch.Written);
        w.WriteEndObject();
    }
}
