using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Json;
using Injector.Kube.Json;
using Injector.Kube.Schema;

namespace Injector.Kube.Patch;

/// <summary>
/// The RFC 6902 patch that turns the pod the API server sent into the final pod. Which parts changed is decided on
/// the normalized forms (so <c>hostNetwork: false</c> or a <c>0.5</c> CPU limit are not "changes"), but the paths
/// are built for the original as sent: its member spellings, its unknown members and every unchanged subtree are
/// left alone, and applying the patch to it gives a pod whose normalized form is the final one.
/// <list type="bullet">
/// <item>Objects: changed members are replaced or descended into; members spelled in another case (or repeated in
///   several spellings) are removed and the field added under its own name.</item>
/// <item>Lists: elements are matched by identity (the list's map keys or patch merge key, such as a container's
///   name, else equal content) with a shortest edit script, so inserting the proxy before the app containers is one
///   <c>add</c> and the app containers are only touched where they changed. Linear in practice: the edit script stops
///   at <see cref="EditScript.MaxEdits"/> and pairs the rest by position.</item>
/// </list>
/// </summary>
internal static class JsonPatchDiff
{
    /// <summary>The operations, in the order they must be applied. <paramref name="normalizedOriginal"/> is
    /// <paramref name="original"/> normalized; <paramref name="final"/> is normalized too. Values are nodes of
    /// <paramref name="final"/>.</summary>
    public static List<JsonPatchOperation> Diff(JsonNode? original, JsonNode? normalizedOriginal, JsonNode? final, KubeType? type = null)
    {
        var differ = new Differ();
        differ.Node(original, normalizedOriginal, final, type ?? KubeSchema.Pod, null);
        return differ.Operations;
    }

    /// <summary>The patch as JSON bytes, values written as Go writes them.</summary>
    public static byte[] ToJson(IReadOnlyList<JsonPatchOperation> operations)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var op in operations)
            {
                writer.WriteStartObject();
                writer.WriteString("op"u8, op.Op);
                writer.WritePropertyName("path"u8);
                var path = new ArrayBufferWriter<byte>();
                GoJson.WriteString(path, op.Path);
                writer.WriteRawValue(path.WrittenSpan, skipInputValidation: true);
                if (op.Op != "remove")
                {
                    writer.WritePropertyName("value"u8);
                    GoJson.WriteTo(writer, op.Value);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private sealed class Differ
    {
        private readonly StringBuilder _path = new();

        public List<JsonPatchOperation> Operations { get; } = [];

        public void Node(JsonNode? raw, JsonNode? normalized, JsonNode? final, KubeType? type, KubeField? field)
        {
            if (JsonNode.DeepEquals(normalized, final)) return;
            var t = type?.Deref();
            if (raw is JsonObject rawObject && normalized is JsonObject normalizedObject && final is JsonObject finalObject)
            {
                if (t is { Kind: KubeKind.Struct }) Struct(rawObject, normalizedObject, finalObject, t);
                else Members(rawObject, normalizedObject, finalObject, t is { Kind: KubeKind.Map } ? t.Element : null);
                return;
            }
            if (raw is JsonArray rawArray && normalized is JsonArray normalizedArray && final is JsonArray finalArray
                && rawArray.Count == normalizedArray.Count)
            {
                List(rawArray, normalizedArray, finalArray, t is { Kind: KubeKind.Slice } ? t.Element : null, field);
                return;
            }
            Operations.Add(JsonPatchOperation.Replace(_path.ToString(), final));
        }

        // A map, or JSON the schema does not describe: members by exact name.
        private void Members(JsonObject raw, JsonObject normalized, JsonObject final, KubeType? elementType)
        {
            foreach (var (key, _) in normalized)
            {
                if (!final.ContainsKey(key) && raw.ContainsKey(key)) Operations.Add(JsonPatchOperation.Remove(Child(key)));
            }
            foreach (var (key, value) in final)
            {
                if (normalized.TryGetPropertyValue(key, out var before) && raw.TryGetPropertyValue(key, out var rawValue))
                {
                    Descend(key, rawValue, before, value, elementType, null);
                }
                else if (raw.ContainsKey(key))
                {
                    Operations.Add(JsonPatchOperation.Replace(Child(key), value));
                }
                else
                {
                    Operations.Add(JsonPatchOperation.Add(Child(key), value));
                }
            }
        }

        // A struct: members of the original are matched to fields as Go matches them (exactly, else case-folded).
        private void Struct(JsonObject raw, JsonObject normalized, JsonObject final, KubeType type)
        {
            Dictionary<string, List<string>>? spellings = null;
            foreach (var (key, _) in raw)
            {
                var field = type.MatchJsonKey(key);
                if (field is null) continue; // unknown members are never touched
                spellings ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
                if (!spellings.TryGetValue(field.JsonName!, out var list)) spellings[field.JsonName!] = list = [];
                list.Add(key);
            }

            foreach (var (name, _) in normalized)
            {
                if (final.ContainsKey(name) || spellings is null || !spellings.TryGetValue(name, out var keys)) continue;
                foreach (var key in keys) Operations.Add(JsonPatchOperation.Remove(Child(key)));
            }
            foreach (var (name, value) in final)
            {
                var hadValue = normalized.TryGetPropertyValue(name, out var before);
                if (hadValue && JsonNode.DeepEquals(before, value)) continue;
                type.TryGetJsonField(name, out var field);
                List<string>? keys = null;
                spellings?.TryGetValue(name, out keys);
                if (keys is [var only] && only == name)
                {
                    Descend(name, raw[name], hadValue ? before : null, value, field?.Type, field);
                    continue;
                }
                if (keys is not null)
                {
                    // Other spellings (or several): drop them all, write the field under its own name.
                    foreach (var key in keys) Operations.Add(JsonPatchOperation.Remove(Child(key)));
                }
                Operations.Add(JsonPatchOperation.Add(Child(name), value));
            }
        }

        private void Descend(string key, JsonNode? raw, JsonNode? normalized, JsonNode? final, KubeType? type, KubeField? field)
        {
            var length = _path.Length;
            AppendToken(key);
            Node(raw, normalized, final, type, field);
            _path.Length = length;
        }

        private void List(JsonArray raw, JsonArray normalized, JsonArray final, KubeType? elementType, KubeField? field)
        {
            var identity = new ElementIdentity(elementType, field);
            var before = identity.Ids(normalized);
            var after = identity.Ids(final);
            var steps = EditScript.Compute(before, after);
            var length = _path.Length;
            var position = 0;
            for (var s = 0; s < steps.Count; s++)
            {
                var step = steps[s];
                // Without identity, an element removed next to one added is the same element changed.
                if (!identity.Keyed && s + 1 < steps.Count && IsSubstitution(step.Kind, steps[s + 1].Kind))
                {
                    var next = steps[++s];
                    var (from, to) = step.Kind == EditScript.Kind.Delete ? (step.A, next.B) : (next.A, step.B);
                    At(position);
                    Node(raw[from], normalized[from], final[to], elementType, null);
                    _path.Length = length;
                    position++;
                    continue;
                }
                switch (step.Kind)
                {
                    case EditScript.Kind.Keep:
                        At(position);
                        Node(raw[step.A], normalized[step.A], final[step.B], elementType, null);
                        _path.Length = length;
                        position++;
                        break;
                    case EditScript.Kind.Delete:
                        Operations.Add(JsonPatchOperation.Remove(At(position)));
                        _path.Length = length;
                        break;
                    case EditScript.Kind.Insert:
                        Operations.Add(JsonPatchOperation.Add(At(position), final[step.B]));
                        _path.Length = length;
                        position++;
                        break;
                }
            }
        }

        private static bool IsSubstitution(EditScript.Kind a, EditScript.Kind b) =>
            (a == EditScript.Kind.Delete && b == EditScript.Kind.Insert) || (a == EditScript.Kind.Insert && b == EditScript.Kind.Delete);

        private string At(int index)
        {
            _path.Append('/').Append(index);
            return _path.ToString();
        }

        private string Child(string key)
        {
            var length = _path.Length;
            AppendToken(key);
            var path = _path.ToString();
            _path.Length = length;
            return path;
        }

        private void AppendToken(string key)
        {
            _path.Append('/');
            foreach (var c in key)
            {
                if (c == '~') _path.Append("~0");
                else if (c == '/') _path.Append("~1");
                else _path.Append(c);
            }
        }
    }
}
