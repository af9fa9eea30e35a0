namespace Injector.Kube.Schema;

/// <summary>
/// The JSON fields of a struct by <c>encoding/json</c>'s rules: fields of an embedded struct without a JSON name are
/// promoted into the enclosing object; a name present at several depths belongs to the shallowest; two at the same
/// depth hide each other. Order is Go's: declaration order, promoted fields in place of their embedded field.
/// </summary>
internal static class JsonFieldResolver
{
    public static KubeField[] Resolve(KubeType type)
    {
        var candidates = new List<(KubeField Field, int Depth)>();
        Collect(type, 0, candidates);
        var best = new Dictionary<string, (int Depth, int Count)>(StringComparer.Ordinal);
        foreach (var (field, depth) in candidates)
        {
            var name = field.JsonName!;
            if (!best.TryGetValue(name, out var seen) || depth < seen.Depth) best[name] = (depth, 1);
            else if (depth == seen.Depth) best[name] = (depth, seen.Count + 1);
        }
        var result = new List<KubeField>(candidates.Count);
        foreach (var (field, depth) in candidates)
        {
            var winner = best[field.JsonName!];
            if (winner.Depth == depth && winner.Count == 1) result.Add(field);
        }
        return [.. result];
    }

    private static void Collect(KubeType type, int depth, List<(KubeField, int)> into)
    {
        if (depth > 8) throw new InvalidOperationException($"embedding too deep at {type.GoName}");
        foreach (var field in type.Fields)
        {
            if (field.Inline)
            {
                if (field.Type.Kind != KubeKind.Struct)
                {
                    throw new InvalidOperationException($"{field}: only embedded structs are written inline");
                }
                Collect(field.Type, depth + 1, into);
            }
            else
            {
                into.Add((field, depth));
            }
        }
    }
}
