using System.Text.Json;
using Injector.Revisions;

namespace Injector.Injection;

/// <summary>
/// A container's <c>resources</c>: the <c>sidecar.istio.io/proxy{CPU,Memory}[Limit]</c> annotations when any is set
/// (then only those), else the revision's configured resources.
/// </summary>
internal static class ResourcesWriter
{
    public static void Write(Utf8JsonWriter w, InjectionPlan plan, ContainerResourcesConfig? configured)
    {
        var pod = plan.Pod;
        var hasCpu = pod.TryGetAnnotation(AnnotationNames.ProxyCpu, out var cpu);
        var hasMemory = pod.TryGetAnnotation(AnnotationNames.ProxyMemory, out var memory);
        var hasCpuLimit = pod.TryGetAnnotation(AnnotationNames.ProxyCpuLimit, out var cpuLimit);
        var hasMemoryLimit = pod.TryGetAnnotation(AnnotationNames.ProxyMemoryLimit, out var memoryLimit);
        w.WriteStartObject("resources");
        if (hasCpu || hasMemory || hasCpuLimit || hasMemoryLimit)
        {
            if (hasCpuLimit || hasMemoryLimit)
            {
                w.WriteStartObject("limits");
                if (hasCpuLimit) w.WriteString("cpu", Canonical(cpuLimit));
                if (hasMemoryLimit) w.WriteString("memory", memoryLimit);
                w.WriteEndObject();
            }
            if (hasCpu || hasMemory)
            {
                w.WriteStartObject("requests");
                if (hasCpu) w.WriteString("cpu", Canonical(cpu));
                if (hasMemory) w.WriteString("memory", memory);
                w.WriteEndObject();
            }
        }
        else if (configured is not null)
        {
            WriteMap(w, "limits", configured.Limits);
            WriteMap(w, "requests", configured.Requests);
        }
        w.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string>? map)
    {
        if (map is not { Count: > 0 }) return;
        w.WriteStartObject(name);
        foreach (var (key, value) in map) w.WriteString(key, value);
        w.WriteEndObject();
    }

    // Kubernetes stores quantities canonically: "1000m" of CPU reads back as "1". Whole-core millis are folded the same way.
    private static string Canonical(string cpu)
    {
        if (cpu.Length > 4 && cpu.EndsWith("000m", StringComparison.Ordinal) && long.TryParse(cpu.AsSpan(0, cpu.Length - 4), out var cores))
        {
            return cores.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return cpu;
    }
}
