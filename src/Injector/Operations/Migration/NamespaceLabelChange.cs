using System.Text.Json.Nodes;

namespace Injector.Operations.Migration;

/// <summary>
/// What migrate or rollback changes on one namespace: labels to set (value) or remove (null), and the annotation
/// that remembers the previous labels. Pure data; <see cref="ToMergePatch"/> is what is sent, <see cref="Describe"/>
/// what is printed.
/// </summary>
internal sealed record NamespaceLabelChange(
    string Namespace,
    IReadOnlyDictionary<string, string> LabelsBefore,
    IReadOnlyList<KeyValuePair<string, string?>> Labels,
    KeyValuePair<string, string?>? Annotation)
{
    public bool IsEmpty => Labels.Count == 0 && Annotation is null;

    /// <summary>An RFC 7386 merge patch: null removes a key.</summary>
    public JsonObject ToMergePatch()
    {
        var metadata = new JsonObject();
        if (Labels.Count > 0)
        {
            var labels = new JsonObject();
            foreach (var (key, value) in Labels) labels[key] = value;
            metadata["labels"] = labels;
        }
        if (Annotation is { } annotation)
        {
            metadata["annotations"] = new JsonObject { [annotation.Key] = annotation.Value };
        }
        return new JsonObject { ["metadata"] = metadata };
    }

    public IEnumerable<string> Describe()
    {
        var subject = "namespace/" + Namespace;
        foreach (var (key, value) in Labels)
        {
            var had = LabelsBefore.TryGetValue(key, out var before);
            if (value is null) yield return subject + ": label " + key + " removed (was " + before + ")";
            else if (had) yield return subject + ": label " + key + " changed " + before + " -> " + value;
            else yield return subject + ": label " + key + "=" + value + " added";
        }
        if (Annotation is { } annotation)
        {
            yield return annotation.Value is null
                ? subject + ": annotation " + annotation.Key + " removed"
                : subject + ": annotation " + annotation.Key + "=" + annotation.Value + " set";
        }
    }
}
