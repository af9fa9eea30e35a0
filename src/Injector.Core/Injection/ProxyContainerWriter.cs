using Injector.Json;
using System.Buffers;
using System.Text.Json;

namespace Injector.Injection;

/// <summary>
/// Writes the injected <c>istio-proxy</c> container (sidecar or gateway flavour) as one JSON object; its <c>env</c> is
/// <see cref="ProxyEnvWriter"/>'s (below).
/// </summary>
internal static class ProxyContainerWriter
{
    private static readonly string[] TemplateFields =
    [
        "name", "image", "imagePullPolicy", "ports", "args", "lifecycle", "env", "readinessProbe", "startupProbe",
        "securityContext", "resources", "restartPolicy", "volumeMounts",
    ];

    public static void Write(Utf8JsonWriter w, InjectionPlan plan, ProbeRewrites probes)
    {
        if (plan.GrpcAgent)
        {
            GrpcAgentWriter.WriteProxy(w, plan);
            return;
        }
        if (DefaultShapes.ProxyIsDefault(plan))
        {
            var segments = DefaultShapes.Proxy(plan);
            w.WriteStartObject();
            foreach (var (name, value) in segments.BeforeEnv)
            {
                w.WritePropertyName(name);
                w.WriteRawValue(value, skipInputValidation: true);
            }
            ProxyEnvWriter.Write(w, plan, probes);
            foreach (var (name, value) in segments.AfterEnv)
            {
                w.WritePropertyName(name);
                w.WriteRawValue(value, skipInputValidation: true);
            }
            w.WriteEndObject();
            return;
        }
        WriteCore(w, plan, probes);
    }

    /// <summary>
    /// Opens the <c>istio-proxy</c> object with what every template's proxy starts with (name, image, pull policy),
    /// the user's own <c>istio-proxy</c> values winning; returns that override for the rest of the container.
    /// </summary>
    internal static ProxyOverride BeginProxy(Utf8JsonWriter w, InjectionPlan plan)
    {
        var user = new ProxyOverride(plan.UserProxy, plan.Budget);
        var pullPolicy = plan.Revision.Config.ImagePullPolicy;
        w.WriteStartObject();
        w.WriteString("name", ContainerNames.Proxy);
        if (!user.TryWrite(w, "image")) w.WriteString("image", plan.ProxyImage);
        if (!user.TryWrite(w, "imagePullPolicy") && pullPolicy.Length > 0) w.WriteString("imagePullPolicy", pullPolicy);
        return user;
    }

    internal static void WriteCore(Utf8JsonWriter w, InjectionPlan plan, ProbeRewrites probes)
    {
        var config = plan.Revision.Config;
        var segments = plan.Revision.Segments;
        var user = ProxyContainerWriter.BeginProxy(w, plan);
        if (user.SetsList("ports")) user.WriteMerged(w, "ports", "containerPort", RenderProperty("ports", segments.ProxyPorts));
        else { w.WritePropertyName("ports"); w.WriteRawValue(segments.ProxyPorts, skipInputValidation: true); }
        if (!user.TryWrite(w, "args")) WriteArgs(w, plan);
        if (!user.TryWrite(w, "lifecycle")) WriteLifecycle(w, plan);
        if (user.SetsList("env")) user.WriteMerged(w, "env", "name", RenderEnv(plan, probes));
        else ProxyEnvWriter.Write(w, plan, probes);
        if (plan.StatusPort != 0)
        {
            if (!user.TryWrite(w, "readinessProbe")) WriteReadiness(w, plan);
            if (plan.Sidecar && !user.TryWrite(w, "startupProbe")) WriteStartup(w, config.StartupProbeFailureThreshold);
        }
        if (!user.TryWrite(w, "securityContext")) WriteSecurityContext(w, plan);
        if (!user.TryWrite(w, "resources")) ResourcesWriter.Write(w, plan, plan.Gateway ? null : config.ProxyResources);
        if (plan.NativeSidecar) w.WriteString("restartPolicy", "Always");
        if (user.SetsList("volumeMounts")) user.WriteMerged(w, "volumeMounts", "mountPath", RenderMounts(plan));
        else WriteVolumeMounts(w, plan);
        user.WriteRemaining(w, TemplateFields);
        w.WriteEndObject();
    }

    // Cold path (a user-supplied istio-proxy sets the list): render ours standalone so it can be merged.
    internal static byte[] RenderEnv(InjectionPlan plan, ProbeRewrites probes) => TemplateSegments.Render(x =>
    {
        x.WriteStartObject();
        ProxyEnvWriter.Write(x, plan, probes);
        x.WriteEndObject();
    });

    internal static byte[] RenderMounts(InjectionPlan plan) => TemplateSegments.Render(x =>
    {
        x.WriteStartObject();
        WriteVolumeMounts(x, plan);
        x.WriteEndObject();
    });

    private static byte[] RenderProperty(string name, byte[] value) => TemplateSegments.Render(x =>
    {
        x.WriteStartObject();
        x.WritePropertyName(name);
        x.WriteRawValue(value, skipInputValidation: true);
        x.WriteEndObject();
    });

    internal static void WriteArgs(Utf8JsonWriter w, InjectionPlan plan)
    {
        w.WriteStartArray("args");
        w.WriteStringValue("proxy");
        w.WriteStringValue(plan.Gateway ? "router" : "sidecar");
        w.WriteStringValue("--domain");
        var revision = plan.Revision;
        w.WriteStringValue(revision.DomainArg);
        w.WriteStringValue(plan.Pod.TryGetAnnotation(AnnotationNames.LogLevel, out var level) ? "--proxyLogLevel=" + level : revision.ProxyLogLevelArg);
        w.WriteStringValue(plan.Pod.TryGetAnnotation(AnnotationNames.ComponentLogLevel, out var component)
            ? "--proxyComponentLogLevel=" + component : revision.ComponentLogLevelArg);
        w.WriteStringValue(plan.Pod.TryGetAnnotation(AnnotationNames.AgentLogLevel, out var agent) ? "--log_output_level=" + agent : revision.AgentLogLevelArg);
        w.WriteEndArray();
    }

    private static void WriteLifecycle(Utf8JsonWriter w, InjectionPlan plan)
    {
        if (plan.Gateway) return;
        // Istio's template: postStart for a held classic sidecar, preStop for a native one, none for a classic one.
        if (!plan.NativeSidecar && !plan.HoldApplication) return;
        w.WriteStartObject("lifecycle");
        if (plan.HoldApplication && !plan.NativeSidecar)
        {
            // Classic sidecars hold the app containers until the proxy is ready.
            w.WriteStartObject("postStart");
            w.WriteStartObject("exec");
            w.WriteStartArray("command");
            w.WriteStringValue("pilot-agent");
            w.WriteStringValue("wait");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        else
        {
            // preStop starts the drain; the kubelet sends SIGTERM once the app containers are gone.
            w.WriteStartObject("preStop");
            w.WriteStartObject("exec");
            w.WriteStartArray("command");
            w.WriteStringValue("pilot-agent");
            w.WriteStringValue("request");
            w.WriteStringValue(ReferenceEquals(plan.StatusPortText, plan.Revision.StatusPortText) ? plan.Revision.DebugPortArg : "--debug-port=" + plan.StatusPortText);
            w.WriteStringValue("POST");
            w.WriteStringValue("drain");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteReadiness(Utf8JsonWriter w, InjectionPlan plan)
    {
        var config = plan.Revision.Config;
        w.WriteStartObject("readinessProbe");
        WriteHealthz(w);
        WriteIfPositive(w, "initialDelaySeconds", plan.AnnotationInt(AnnotationNames.ReadinessInitialDelay, config.ReadinessInitialDelaySeconds));
        WriteIfPositive(w, "periodSeconds", plan.AnnotationInt(AnnotationNames.ReadinessPeriod, config.ReadinessPeriodSeconds));
        w.WriteNumber("timeoutSeconds", 3);
        WriteIfPositive(w, "failureThreshold", plan.AnnotationInt(AnnotationNames.ReadinessFailureThreshold, config.ReadinessFailureThreshold));
        w.WriteEndObject();
    }

    private static void WriteStartup(Utf8JsonWriter w, int failureThreshold)
    {
        w.WriteStartObject("startupProbe");
        WriteHealthz(w);
        w.WriteNumber("periodSeconds", 1);
        w.WriteNumber("timeoutSeconds", 3);
        WriteIfPositive(w, "failureThreshold", failureThreshold);
        w.WriteEndObject();
    }

    private static void WriteHealthz(Utf8JsonWriter w)
    {
        w.WriteStartObject("httpGet");
        w.WriteString("path", "/healthz/ready");
        w.WriteNumber("port", 15021);
        w.WriteEndObject();
    }

    // Go omits zero ints (omitempty), and the goldens compare field by field.
    private static void WriteIfPositive(Utf8JsonWriter w, string name, int value)
    {
        if (value > 0) w.WriteNumber(name, value);
    }

    private static void WriteSecurityContext(Utf8JsonWriter w, InjectionPlan plan)
    {
        w.WriteStartObject("securityContext");
        if (plan.Gateway)
        {
            w.WriteNumber("runAsGroup", 1337);
            w.WriteNumber("runAsUser", 1337);
            w.WriteEndObject();
            return;
        }
        var privileged = plan.Revision.Config.Privileged;
        var tproxy = plan.InterceptionMode == "TPROXY";
        w.WriteBoolean("allowPrivilegeEscalation", privileged);
        w.WriteStartObject("capabilities");
        if (tproxy)
        {
            w.WriteStartArray("add");
            w.WriteStringValue("NET_ADMIN");
            w.WriteEndArray();
        }
        w.WriteStartArray("drop");
        w.WriteStringValue("ALL");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteBoolean("privileged", privileged);
        w.WriteBoolean("readOnlyRootFilesystem", !plan.EnableCoreDump);
        w.WriteNumber("runAsGroup", 1337);
        w.WriteBoolean("runAsNonRoot", !tproxy);
        w.WriteNumber("runAsUser", tproxy ? 0 : 1337);
        w.WriteEndObject();
    }

    internal static void WriteVolumeMounts(Utf8JsonWriter w, InjectionPlan plan)
    {
        w.WriteStartArray("volumeMounts");
        foreach (var mount in plan.ProxyMountSegments)
        {
            w.WriteRawValue(mount, skipInputValidation: true);
        }
        if (plan.UserVolumeMounts.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in plan.UserVolumeMounts.EnumerateObject())
            {
                plan.Budget.Spend();
                w.WriteStartObject();
                w.WriteString("name", p.Name);
                foreach (var field in p.Value.EnumerateObject())
                {
                    if (!field.NameEquals("name"u8)) field.WriteTo(w);
                }
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
    }
}

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
                        JsonTreeElement v = default;
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

    private static bool IsGoEmpty(JsonTreeElement value) => value.ValueKind switch
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

    private static bool IsAppContainer(InjectionPlan plan, JsonTreeElement name, bool allowUnnamed) =>
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
