using System.Text.Json;

namespace Injector.Injection;

/// <summary>
/// The parts of the pod the engine reads, located once in the parsed document (no copies of the pod).
/// Missing or mistyped parts are <see cref="JsonValueKind.Undefined"/>; the patch adds them whole.
/// </summary>
internal sealed class PodView
{
    private PodView(JsonElement pod)
    {
        Pod = pod;
        Metadata = Child(pod, "metadata", JsonValueKind.Object);
        Spec = Child(pod, "spec", JsonValueKind.Object);
        Labels = Child(Metadata, "labels", JsonValueKind.Object);
        Annotations = Child(Metadata, "annotations", JsonValueKind.Object);
        OwnerReferences = Child(Metadata, "ownerReferences", JsonValueKind.Array);
        Containers = Child(Spec, "containers", JsonValueKind.Array);
        InitContainers = Child(Spec, "initContainers", JsonValueKind.Array);
        Volumes = Child(Spec, "volumes", JsonValueKind.Array);
        ImagePullSecrets = Child(Spec, "imagePullSecrets", JsonValueKind.Array);
        SecurityContext = Child(Spec, "securityContext", JsonValueKind.Object);
        Name = StringOf(Metadata, "name");
        GenerateName = StringOf(Metadata, "generateName");
        Namespace = StringOf(Metadata, "namespace");
        _annotationSlots = AnnotationIndex.Build(Annotations);
        HostNetwork = Spec.ValueKind == JsonValueKind.Object
            && Spec.TryGetProperty("hostNetwork", out var h) && h.ValueKind == JsonValueKind.True;
    }

    public JsonElement Pod { get; }
    public JsonElement Metadata { get; }
    public JsonElement Spec { get; }
    public JsonElement Labels { get; }
    public JsonElement Annotations { get; }
    public JsonElement OwnerReferences { get; }
    public JsonElement Containers { get; }
    public JsonElement InitContainers { get; }
    public JsonElement Volumes { get; }
    public JsonElement ImagePullSecrets { get; }
    public JsonElement SecurityContext { get; }
    public string? Name { get; }
    public string? GenerateName { get; }
    public string? Namespace { get; }
    public bool HostNetwork { get; }

    /// <summary>Null when the document is not a pod object.</summary>
    public static PodView? Read(JsonElement pod)
    {
        if (pod.ValueKind != JsonValueKind.Object) return null;
        if (pod.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && !kind.ValueEquals("Pod"))
        {
            return null;
        }
        return new PodView(pod);
    }

    private readonly JsonElement[]? _annotationSlots;

    public bool TryGetAnnotation(string key, out string value)
    {
        var id = _annotationSlots is null ? -1 : AnnotationIndex.IdOf(key);
        if (id < 0) return TryGetString(Annotations, key, out value);
        var slot = _annotationSlots![id];
        if (slot.ValueKind == JsonValueKind.String)
        {
            value = slot.GetString()!;
            return true;
        }
        value = string.Empty;
        return false;
    }

    public bool HasAnnotation(string key)
    {
        var id = _annotationSlots is null ? -1 : AnnotationIndex.IdOf(key);
        if (id >= 0) return _annotationSlots![id].ValueKind != JsonValueKind.Undefined;
        return Annotations.ValueKind == JsonValueKind.Object && Annotations.TryGetProperty(key, out _);
    }

    public bool TryGetLabel(string key, out string value) => TryGetString(Labels, key, out value);

    /// <summary>The labels as a dictionary, for label selectors (built only when a selector is configured).</summary>
    public Dictionary<string, string> LabelDictionary()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Labels.ValueKind != JsonValueKind.Object) return result;
        foreach (var p in Labels.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String) result[p.Name] = p.Value.GetString()!;
        }
        return result;
    }

    public static JsonElement Child(JsonElement parent, string name, JsonValueKind kind) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == kind ? v : default;

    /// <summary>A list entry's <c>name</c> when it is a string, else Undefined: compared in place, no string per entry.</summary>
    public static JsonElement NameOf(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name"u8, out var v) && v.ValueKind == JsonValueKind.String ? v : default;

    public static bool IsNamed(JsonElement item, string name) => NameOf(item) is { ValueKind: JsonValueKind.String } n && n.ValueEquals(name);

    public static string? StringOf(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    private static bool TryGetString(JsonElement map, string key, out string value)
    {
        if (map.ValueKind == JsonValueKind.Object && map.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String)
        {
            value = v.GetString()!;
            return true;
        }
        value = string.Empty;
        return false;
    }
}
