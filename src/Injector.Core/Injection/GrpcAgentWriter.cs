using System.Text.Json;
using Injector.Json;

namespace Injector.Injection;

/// <summary>
/// The <c>grpc-agent</c> template (proxyless gRPC): an agent-only <c>istio-proxy</c> (no Envoy, no iptables) that
/// serves xDS and certificates, and app containers pointed at its bootstrap file.
/// </summary>
internal static class GrpcAgentWriter
{
    public static void WriteProxy(Utf8JsonWriter w, InjectionPlan plan)
    {
        var config = plan.Revision.Config;
        var segments = plan.Revision.Segments;
        var user = ProxyContainerWriter.BeginProxy(w, plan);
        // A status port of 0 turns the agent's status server off; a containerPort of 0 is refused by the API server
        // (found by fuzzing), so there is no mesh-metrics port then.
        if (!user.TryWrite(w, "ports") && plan.StatusPort != 0)
        {
            w.WriteStartArray("ports");
            w.WriteStartObject();
            w.WriteNumber("containerPort", plan.StatusPort);
            w.WriteString("name", "mesh-metrics");
            w.WriteString("protocol", "TCP");
            w.WriteEndObject();
            w.WriteEndArray();
        }
        if (!user.TryWrite(w, "args")) ProxyContainerWriter.WriteArgs(w, plan);
        if (!user.TryWrite(w, "lifecycle"))
        {
            // The app's gRPC client needs the bootstrap file the agent writes: hold the app until the agent is ready.
            w.WriteStartObject("lifecycle");
            w.WriteStartObject("postStart");
            w.WriteStartObject("exec");
            w.WriteStartArray("command");
            w.WriteStringValue("pilot-agent");
            w.WriteStringValue("wait");
            w.WriteStringValue("--url=http://localhost:" + plan.StatusPortText + "/healthz/ready");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        if (user.SetsList("env")) user.WriteMerged(w, "env", "name", ProxyContainerWriter.RenderEnv(plan, ProbeRewrites.Empty));
        else ProxyEnvWriter.Write(w, plan, ProbeRewrites.Empty);
        if (plan.StatusPort != 0 && !user.TryWrite(w, "readinessProbe"))
        {
            w.WriteStartObject("readinessProbe");
            w.WriteStartObject("httpGet");
            w.WriteString("path", "/healthz/ready");
            w.WriteNumber("port", plan.StatusPort);
            w.WriteEndObject();
            w.WriteNumber("periodSeconds", plan.AnnotationInt(AnnotationNames.ReadinessPeriod, config.ReadinessPeriodSeconds));
            w.WriteNumber("timeoutSeconds", 3);
            w.WriteNumber("failureThreshold", plan.AnnotationInt(AnnotationNames.ReadinessFailureThreshold, config.ReadinessFailureThreshold));
            w.WriteEndObject();
        }
        if (!user.TryWrite(w, "resources")) ResourcesWriter.Write(w, plan, config.ProxyResources);
        if (user.SetsList("volumeMounts")) user.WriteMerged(w, "volumeMounts", "mountPath", ProxyContainerWriter.RenderMounts(plan));
        else ProxyContainerWriter.WriteVolumeMounts(w, plan);
        user.WriteRemaining(w, ["name", "image", "imagePullPolicy", "ports", "args", "lifecycle", "env", "readinessProbe", "resources", "volumeMounts"]);
        w.WriteEndObject();
    }

    /// <summary>Adds the xDS bootstrap env and the agent's volumes to every app container, skipping entries already there.</summary>
    public static void PatchAppContainers(PatchWriter patch, InjectionPlan plan) =>
        PatchAppContainers(patch, plan, plan.Revision.Segments.GrpcAppEnv, plan.Revision.Segments.GrpcAppMounts);

    /// <summary>Adds <paramref name="env"/> and <paramref name="mounts"/> to every app container (not istio-proxy, not
    /// one this injection removes), skipping entries already there (re-injection); grpc-agent and grpc-simple.</summary>
    internal static void PatchAppContainers(PatchWriter patch, InjectionPlan plan, (string Name, byte[] Json)[] env, (string Name, byte[] Json)[] mounts)
    {
        var containers = plan.Pod.Containers;
        if (containers.ValueKind != JsonValueKind.Array) return;
        // Runs after the removals of injected containers: the index is the container's place in the array as it is then.
        var index = -1;
        foreach (var c in containers.EnumerateArray())
        {
            plan.Budget.Spend();
            if (SpecPatchWriter.RemovesContainer(c, plan)) continue;
            index++;
            var name = PodView.StringOf(c, "name"u8);
            if (name is null || name == ContainerNames.Proxy) continue;
            AddMissing(patch, c, index, "env"u8, "/env"u8, "/env/-"u8, env);
            AddMissing(patch, c, index, "volumeMounts"u8, "/volumeMounts"u8, "/volumeMounts/-"u8, mounts);
        }
    }

    /// <summary>Adds each entry the container's <paramref name="property"/> list lacks (or the whole list when it has none).</summary>
    private static void AddMissing(PatchWriter patch, JsonTreeElement container, int index, ReadOnlySpan<byte> property,
        ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> appendSuffix, (string Name, byte[] Json)[] entries)
    {
        var list = PodView.Child(container, property, JsonValueKind.Array);
        var w = patch.Writer;
        if (list.ValueKind != JsonValueKind.Array)
        {
            patch.BeginAt(replace: false, PatchPaths.ContainerPrefix, index, suffix);
            w.WriteStartArray();
            foreach (var (_, json) in entries) w.WriteRawValue(json, skipInputValidation: true);
            w.WriteEndArray();
            patch.End();
            return;
        }
        foreach (var (entryName, json) in entries)
        {
            if (HasNamed(list, entryName)) continue;
            patch.BeginAt(replace: false, PatchPaths.ContainerPrefix, index, appendSuffix);
            w.WriteRawValue(json, skipInputValidation: true);
            patch.End();
        }
    }

    private static bool HasNamed(JsonTreeElement list, string name)
    {
        foreach (var item in list.EnumerateArray())
        {
            if (PodView.StringOf(item, "name"u8) == name) return true;
        }
        return false;
    }
}
