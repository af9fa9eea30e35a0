using System.Text.Json;
using System.Text.Json.Nodes;

namespace Injector.Rendering;

/// <summary>Reads and edits of a normalized pod tree (what Istio does on <c>corev1.Pod</c> fields).</summary>
internal static class PodJson
{
    public const string ProxyContainer = "istio-proxy";
    public const string InitContainer = "istio-init";
    public const string ValidationContainer = "istio-validation";
    public const string EnableCoreDump = "enable-core-dump";
    public const string StatusAnnotation = "sidecar.istio.io/status";
    public const string OverridesAnnotation = "proxy.istio.io/overrides";
    public const string ProxyConfigAnnotation = "proxy.istio.io/config";

    public static JsonObject Metadata(JsonObject pod) => Object(pod, "metadata");

    public static JsonObject Spec(JsonObject pod) => Object(pod, "spec");

    public static JsonObject Object(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject obj) return obj;
        obj = new JsonObject();
        parent[key] = obj;
        return obj;
    }

    public static string String(JsonNode? parent, string key) =>
        parent is JsonObject o && o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";

    /// <summary>A string map of the metadata (labels or annotations), copied.</summary>
    public static Dictionary<string, string> Map(JsonObject pod, string key)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pod["metadata"]?[key] is JsonObject map)
        {
            foreach (var (k, v) in map)
            {
                if (v is JsonValue value && value.GetValueKind() == JsonValueKind.String) result[k] = value.GetValue<string>();
            }
        }
        return result;
    }

    public static bool TryGetAnnotation(JsonObject pod, string key, out string value)
    {
        value = "";
        if (pod["metadata"]?["annotations"] is JsonObject map && map[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }
        return false;
    }

    public static void SetAnnotation(JsonObject pod, string key, string value) => Object(Metadata(pod), "annotations")[key] = value;

    public static void SetLabel(JsonObject pod, string key, string value) => Object(Metadata(pod), "labels")[key] = value;

    public static JsonArray? List(JsonObject pod, string key) => pod["spec"]?[key] as JsonArray;

    public static JsonArray EnsureList(JsonObject pod, string key)
    {
        var spec = Spec(pod);
        if (spec[key] is JsonArray array) return array;
        array = [];
        spec[key] = array;
        return array;
    }

    public static JsonObject? Find(JsonArray? containers, string name)
    {
        if (containers is null) return null;
        foreach (var c in containers)
        {
            if (c is JsonObject o && String(o, "name") == name) return o;
        }
        return null;
    }

    /// <summary><c>FindContainerFromPod</c>: containers first, then init containers.</summary>
    public static JsonObject? FindInPod(JsonObject pod, string name) =>
        Find(List(pod, "containers"), name) ?? Find(List(pod, "initContainers"), name);

    /// <summary>Istio's <c>modifyContainers</c>: keeps the others in order and moves (or drops) the named one. With
    /// several of that name, the last one is kept.</summary>
    public static void Modify(JsonObject pod, string key, string name, Placement placement)
    {
        if (List(pod, key) is not JsonArray list) return;
        var others = new List<JsonNode?>(list.Count);
        JsonNode? match = null;
        foreach (var c in list)
        {
            if (c is JsonObject o && String(o, "name") == name) match = c;
            else others.Add(c);
        }
        if (match is null && others.Count == list.Count) return;
        list.Clear();
        if (placement == Placement.First && match is not null) list.Add(match);
        foreach (var c in others) list.Add(c);
        if (placement == Placement.Last && match is not null) list.Add(match);
    }

    /// <summary><see cref="Modify"/> with <see cref="Placement.Remove"/> for every name at once: the entries of
    /// <paramref name="key"/> named in <paramref name="names"/> are dropped, the others keep their order.</summary>
    public static void RemoveNamed(JsonObject pod, string key, IReadOnlyCollection<string> names)
    {
        if (names.Count == 0 || List(pod, key) is not JsonArray list) return;
        var drop = new HashSet<string>(names, StringComparer.Ordinal);
        var kept = new List<JsonNode?>(list.Count);
        foreach (var c in list)
        {
            if (!(c is JsonObject o && drop.Contains(String(o, "name")))) kept.Add(c);
        }
        if (kept.Count == list.Count) return;
        list.Clear();
        foreach (var c in kept) list.Add(c);
    }

    /// <summary>
    /// JSON text from the pod (an annotation, an env value) parsed as Go's <c>encoding/json</c> reads it: an unpaired
    /// surrogate escape is U+FFFD (System.Text.Json would throw when the string is read), depth at most 64.
    /// Throws <see cref="JsonException"/> on malformed text.
    /// </summary>
    public static JsonNode? ParseAnnotationJson(string text) =>
        JsonNode.Parse(Json.SurrogateEscapes.ReplaceUnpaired(text), documentOptions: new JsonDocumentOptions { MaxDepth = 64 });

    public static JsonArray EnsureArray(JsonObject parent, string key)
    {
        if (parent[key] is JsonArray array) return array;
        array = [];
        parent[key] = array;
        return array;
    }

    public static JsonObject Clone(JsonObject obj) => (JsonObject)obj.DeepClone();
}

internal enum Placement
{
    First,
    Last,
    Remove,
}
