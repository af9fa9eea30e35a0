using System.Text.Json;

namespace Injector.Injection;

/// <summary>Writes the injected <c>istio-proxy</c> container (sidecar or gateway flavour) as one JSON object.</summary>
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
