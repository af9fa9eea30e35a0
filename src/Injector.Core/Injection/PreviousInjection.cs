using System.Text.Json;

namespace Injector.Injection;

/// <summary>
/// What an earlier injection added, from its <c>sidecar.istio.io/status</c> annotation. Re-injection removes exactly
/// these and injects afresh, so injecting twice equals injecting once.
/// </summary>
internal sealed class PreviousInjection
{
    public static readonly PreviousInjection None = new(NameSet.Empty, NameSet.Empty, NameSet.Empty, NameSet.Empty, injected: false);

    private PreviousInjection(NameSet initContainers, NameSet containers, NameSet volumes, NameSet imagePullSecrets, bool injected)
    {
        InitContainers = initContainers;
        Containers = containers;
        Volumes = volumes;
        ImagePullSecrets = imagePullSecrets;
        Injected = injected;
    }

    public bool Injected { get; }
    public NameSet InitContainers { get; }
    public NameSet Containers { get; }
    public NameSet Volumes { get; }
    public NameSet ImagePullSecrets { get; }

    public static PreviousInjection Read(PodView pod)
    {
        if (!pod.TryGetAnnotation(AnnotationNames.Status, out var json)) return None;
        try
        {
            using var doc = AnnotationJson.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return None;
            // Only our own containers are removed: a template may list an app container it modified (grpc-agent),
            // and removing that would delete the user's workload.
            return new PreviousInjection(new NameSet(Ours(Names(root, "initContainers"))), new NameSet(Ours(Names(root, "containers"))),
                new NameSet(Names(root, "volumes")), new NameSet(Names(root, "imagePullSecrets")), injected: true);
        }
        catch (JsonException)
        {
            // Not ours to trust: treat the pod as never injected.
            return None;
        }
    }

    private static List<string> Ours(List<string> names)
    {
        names.RemoveAll(n => n is not (ContainerNames.Proxy or ContainerNames.Init or ContainerNames.Validation or ContainerNames.CoreDump or ContainerNames.GrpcBootstrap));
        return names;
    }

    private static List<string> Names(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var list) || list.ValueKind != JsonValueKind.Array) return [];
        var names = new List<string>(list.GetArrayLength());
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String) names.Add(item.GetString()!);
        }
        return names;
    }
}
