using System.Text.Json;

namespace Injector.Injection;

/// <summary>
/// Writes <c>istio-init</c> (iptables set-up; <c>istio-validation</c> when CNI owns the rules) and
/// <c>enable-core-dump</c>. The traffic annotations become istio-iptables flags.
/// </summary>
internal static class InitContainerWriter
{
    public static void WriteInit(Utf8JsonWriter w, InjectionPlan plan)
    {
        if (DefaultShapes.InitIsDefault(plan))
        {
            w.WriteRawValue(DefaultShapes.Init(plan), skipInputValidation: true);
            return;
        }
        WriteInitCore(w, plan);
    }

    internal static void WriteInitCore(Utf8JsonWriter w, InjectionPlan plan)
    {
        var config = plan.Revision.Config;
        var cni = config.Cni;
        w.WriteStartObject();
        w.WriteString("name", cni ? ContainerNames.Validation : ContainerNames.Init);
        w.WriteString("image", plan.ProxyImage);
        w.WriteStartArray("args");
        w.WriteStringValue("istio-iptables");
        Flag(w, "-p", "15001");
        Flag(w, "-z", "15006");
        Flag(w, "-u", "1337");
        Flag(w, "-m", plan.InterceptionMode);
        Flag(w, "-i", plan.Annotation(AnnotationNames.IncludeOutboundIpRanges, config.IncludeIpRanges));
        Flag(w, "-x", plan.Annotation(AnnotationNames.ExcludeOutboundIpRanges, config.ExcludeIpRanges));
        Flag(w, "-b", plan.Annotation(AnnotationNames.IncludeInboundPorts, config.IncludeInboundPorts));
        var excluded = ExcludeInboundPorts(plan.StatusPortText, plan.Annotation(AnnotationNames.ExcludeInboundPorts, config.ExcludeInboundPorts));
        w.WriteStringValue("-d");
        if (excluded.Length == 0)
        {
            w.WriteStringValue("15090,15021");
        }
        else
        {
            // "15090,15021," + excluded, written without building the string.
            Span<char> value = excluded.Length <= 200 ? stackalloc char[12 + excluded.Length] : new char[12 + excluded.Length];
            "15090,15021,".CopyTo(value);
            excluded.CopyTo(value[12..]);
            w.WriteStringValue(value);
        }
        OptionalFlag(w, plan, "-q", AnnotationNames.IncludeOutboundPorts, config.IncludeOutboundPorts);
        OptionalFlag(w, plan, "-o", AnnotationNames.ExcludeOutboundPorts, config.ExcludeOutboundPorts);
        if (plan.Pod.TryGetAnnotation(AnnotationNames.RerouteVirtualInterfaces, out var reroute)) Flag(w, "-k", reroute);
        else if (plan.Pod.TryGetAnnotation(AnnotationNames.KubevirtInterfaces, out var kubevirt)) Flag(w, "-k", kubevirt);
        if (plan.Pod.TryGetAnnotation(AnnotationNames.ExcludeInterfaces, out var excludeInterfaces)) Flag(w, "-c", excludeInterfaces);
        w.WriteStringValue(plan.Pod.TryGetAnnotation(AnnotationNames.AgentLogLevel, out var agent)
            ? "--log_output_level=" + agent : plan.Revision.AgentLogLevelArg);
        if (cni)
        {
            w.WriteStringValue("--run-validation");
            w.WriteStringValue("--skip-rule-apply");
        }
        w.WriteEndArray();
        if (config.ImagePullPolicy.Length > 0) w.WriteString("imagePullPolicy", config.ImagePullPolicy);
        ResourcesWriter.Write(w, plan, config.ProxyInitResources ?? config.ProxyResources);
        w.WriteStartObject("securityContext");
        w.WriteBoolean("allowPrivilegeEscalation", config.Privileged);
        w.WriteBoolean("privileged", config.Privileged);
        w.WriteStartObject("capabilities");
        if (!cni)
        {
            w.WriteStartArray("add");
            w.WriteStringValue("NET_ADMIN");
            w.WriteStringValue("NET_RAW");
            w.WriteEndArray();
        }
        w.WriteStartArray("drop");
        w.WriteStringValue("ALL");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteBoolean("readOnlyRootFilesystem", cni);
        w.WriteNumber("runAsGroup", cni ? 1337 : 0);
        w.WriteBoolean("runAsNonRoot", cni);
        w.WriteNumber("runAsUser", cni ? 1337 : 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteCoreDump(Utf8JsonWriter w, InjectionPlan plan)
    {
        var config = plan.Revision.Config;
        w.WriteStartObject();
        w.WriteString("name", ContainerNames.CoreDump);
        w.WriteStartArray("args");
        w.WriteStringValue("-c");
        w.WriteStringValue("sysctl -w kernel.core_pattern=/var/lib/istio/data/core.proxy && ulimit -c unlimited");
        w.WriteEndArray();
        w.WriteStartArray("command");
        w.WriteStringValue("/bin/sh");
        w.WriteEndArray();
        w.WriteString("image", plan.ProxyImage);
        if (config.ImagePullPolicy.Length > 0) w.WriteString("imagePullPolicy", config.ImagePullPolicy);
        ResourcesWriter.Write(w, plan, config.ProxyInitResources ?? config.ProxyResources);
        w.WriteStartObject("securityContext");
        w.WriteBoolean("allowPrivilegeEscalation", true);
        w.WriteStartObject("capabilities");
        w.WriteStartArray("add");
        w.WriteStringValue("SYS_ADMIN");
        w.WriteEndArray();
        w.WriteStartArray("drop");
        w.WriteStringValue("ALL");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteBoolean("privileged", true);
        w.WriteBoolean("readOnlyRootFilesystem", false);
        w.WriteNumber("runAsGroup", 0);
        w.WriteBoolean("runAsNonRoot", false);
        w.WriteNumber("runAsUser", 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The excluded inbound ports plus the status port (unless 0 or already listed), Istio's order.</summary>
    internal static string ExcludeInboundPorts(string statusPort, string excluded)
    {
        excluded = excluded.Trim();
        if (statusPort.Length == 0 || statusPort == "0") return excluded;
        foreach (var p in excluded.Split(','))
        {
            if (p.Trim() == statusPort) return excluded;
        }
        return excluded.Length == 0 ? statusPort : excluded + "," + statusPort;
    }

    private static void Flag(Utf8JsonWriter w, string flag, string value)
    {
        w.WriteStringValue(flag);
        w.WriteStringValue(value);
    }

    private static void OptionalFlag(Utf8JsonWriter w, InjectionPlan plan, string flag, string annotation, string configured)
    {
        if (plan.Pod.TryGetAnnotation(annotation, out var value)) Flag(w, flag, value);
        else if (configured.Length > 0) Flag(w, flag, configured);
    }
}
