using System.Text.Json;
using Injector.Json;

namespace Injector.Injection;

/// <summary>
/// The parts of the pod the engine reads, located once in the parsed document (no copies of the pod).
/// Missing or mistyped parts are <see cref="JsonValueKind.Undefined"/>; the patch adds them whole.
/// </summary>
internal sealed class PodView
{
    // One pass over metadata and one over spec (see PropertyPicker); the order of the names is the order of the slots below.
    private static readonly PropertyPicker MetadataFields = new("labels", "annotations", "ownerReferences", "name", "generateName", "namespace");
    private static readonly PropertyPicker SpecFields = new("containers", "initContainers", "volumes", "imagePullSecrets", "securityContext", "hostNetwork");

    private PodView(JsonTreeElement pod)
    {
        Pod = pod;
        Metadata = Child(pod, "metadata"u8, JsonValueKind.Object);
        Spec = Child(pod, "spec"u8, JsonValueKind.Object);
        var slots = new SixElements();
        Span<JsonTreeElement> found = slots;
        MetadataFields.Pick(Metadata, found);
        Labels = OfKind(found[0], JsonValueKind.Object);
        Annotations = OfKind(found[1], JsonValueKind.Object);
        OwnerReferences = OfKind(found[2], JsonValueKind.Array);
        Name = StringOf(found[3]);
        GenerateName = StringOf(found[4]);
        Namespace = StringOf(found[5]);
        SpecFields.Pick(Spec, found);
        Containers = OfKind(found[0], JsonValueKind.Array);
        InitContainers = OfKind(found[1], JsonValueKind.Array);
        Volumes = OfKind(found[2], JsonValueKind.Array);
        ImagePullSecrets = OfKind(found[3], JsonValueKind.Array);
        SecurityContext = OfKind(found[4], JsonValueKind.Object);
        HostNetwork = found[5].ValueKind == JsonValueKind.True;
        _annotations = AnnotationIndex.Build(Annotations);
    }

    // JsonTreeElement holds a reference, so it cannot be stackalloc'ed; an inline array keeps the slots on the stack.
    [System.Runtime.CompilerServices.InlineArray(6)]
    private struct SixElements
    {
        private JsonTreeElement _first;
    }

    private static JsonTreeElement OfKind(JsonTreeElement value, JsonValueKind kind) => value.ValueKind == kind ? value : default;

    private static string? StringOf(JsonTreeElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public JsonTreeElement Pod { get; }
    public JsonTreeElement Metadata { get; }
    public JsonTreeElement Spec { get; }
    public JsonTreeElement Labels { get; }
    public JsonTreeElement Annotations { get; }
    public JsonTreeElement OwnerReferences { get; }
    public JsonTreeElement Containers { get; }
    public JsonTreeElement InitContainers { get; }
    public JsonTreeElement Volumes { get; }
    public JsonTreeElement ImagePullSecrets { get; }
    public JsonTreeElement SecurityContext { get; }
    public string? Name { get; }
    public string? GenerateName { get; }
    public string? Namespace { get; }
    public bool HostNetwork { get; }

    /// <summary>Null when the document is not a JSON object; any object is located (see <see cref="IsPod"/>).</summary>
    public static PodView? Read(JsonTreeElement pod) => pod.ValueKind == JsonValueKind.Object ? new PodView(pod) : null;

    /// <summary>Whether the object is a pod: its <c>kind</c> is absent, not a string, or <c>Pod</c>.</summary>
    public bool IsPod => !(Pod.TryGetProperty("kind"u8, out var kind) && kind.ValueKind == JsonValueKind.String && !kind.ValueEquals("Pod"u8));

    private readonly AnnotationSlots _annotations;

    public bool TryGetAnnotation(string key, out string value)
    {
        var id = _annotations.Indexed ? AnnotationIndex.IdOf(key) : -1;
        if (id < 0) return TryGetString(Annotations, key, out value);
        var slot = _annotations.Get(id);
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
        var id = _annotations.Indexed ? AnnotationIndex.IdOf(key) : -1;
        if (id >= 0) return _annotations.Has(id);
        return Annotations.ValueKind == JsonValueKind.Object && Annotations.TryGetProperty(key, out _);
    }

    /// <summary>Whether the pod has any of the indexed annotations in <paramref name="mask"/> (<see cref="AnnotationIndex.MaskOf"/>).</summary>
    public bool HasAnyAnnotation(ulong mask) => (_annotations.Present & mask) != 0;

    public bool TryGetLabel(string key, out string value) => TryGetString(Labels, key, out value);

    /// <summary>The label given as UTF-8 (the engine's own label names: no transcoding per lookup).</summary>
    public bool TryGetLabel(ReadOnlySpan<byte> key, out string value)
    {
        if (Labels.ValueKind == JsonValueKind.Object && Labels.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String)
        {
            value = v.GetString()!;
            return true;
        }
        value = string.Empty;
        return false;
    }

    /// <summary>Whether the label is set to a string, without reading it.</summary>
    public bool HasLabel(ReadOnlySpan<byte> key) =>
        Labels.ValueKind == JsonValueKind.Object && Labels.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String;

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

    public static JsonTreeElement Child(JsonTreeElement parent, ReadOnlySpan<byte> name, JsonValueKind kind) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == kind ? v : default;

    /// <summary>A list entry's <c>name</c> when it is a string, else Undefined: compared in place, no string per entry.</summary>
    public static JsonTreeElement NameOf(JsonTreeElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name"u8, out var v) && v.ValueKind == JsonValueKind.String ? v : default;

    public static bool IsNamed(JsonTreeElement item, string name) => NameOf(item) is { ValueKind: JsonValueKind.String } n && n.ValueEquals(name);

    public static string? StringOf(JsonTreeElement parent, ReadOnlySpan<byte> name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    private static bool TryGetString(JsonTreeElement map, string key, out string value)
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
