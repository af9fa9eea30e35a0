using System.Text.Json;

namespace Injector.Injection;

/// <summary>
/// What an earlier injection added, from its <c>sidecar.istio.io/status</c> annotation. Re-injection removes exactly
/// these and injects afresh, so injecting twice equals injecting once.
/// </summary>
internal sealed class PreviousInjection
{
    public static readonly PreviousInjection None = new([], [], [], [], injected: false);

    private PreviousInjection(string[] initContainers, string[] containers, string[] volumes, string[] imagePullSecrets, bool injected)
    {
        InitContainers = initContainers;
        Containers = containers;
        Volumes = volumes;
        ImagePullSecrets = imagePullSecrets;
        Injected = injected;
    }

    public bool Injected { get; }
    public string[] InitContainers { get; }
    public string[] Containers { get; }
    public string[] Volumes { get; }
    public string[] ImagePullSecrets { get; }

    public static PreviousInjection Read(PodView pod)
    {
        if (!pod.TryGetAnnotation(AnnotationNames.Status, out var json)) return None;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return None;
            // Only our own containers are removed: a template may list an app container it modified (grpc-agent),
            // and removing that would delete the user's workload.
            return new PreviousInjection(Ours(Names(root, "initContainers")), Ours(Names(root, "containers")), Names(root, "volumes"),
                Names(root, "imagePullSecrets"), injected: true);
        }
        catch (JsonException)
        {
            // Not ours to trust: treat the pod as never injected.
            return None;
        }
    }

    private static string[] Ours(string[] names) =>
        Array.FindAll(names, n => n is ContainerNames.Proxy or ContainerNames.Init or ContainerNames.Validation or ContainerNames.CoreDump or ContainerNames.GrpcBootstrap);

    private static string[] Names(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var list) || list.ValueKind != JsonValueKind.Array) return [];
        var names = new List<string>(list.GetArrayLength());
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String) names.Add(item.GetString()!);
        }
        return [.. names];
    }

    /// <summary>Whether the string element <paramref name="name"/> is listed (Undefined never is); no string is made.</summary>
    public static bool Contains(string[] names, JsonElement name)
    {
        if (name.ValueKind != JsonValueKind.String) return false;
        foreach (var n in names)
        {
            if (name.ValueEquals(n)) return true;
        }
        return false;
    }

    public static bool Contains(string[] names, string? name)
    {
        if (name is null) return false;
        foreach (var n in names)
        {
            if (n == name) return true;
        }
        return false;
    }
}
