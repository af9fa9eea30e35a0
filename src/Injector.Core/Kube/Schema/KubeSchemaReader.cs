using System.Text;

namespace Injector.Kube.Schema;

/// <summary>
/// Reads the generated table (<see cref="KubeSchemaTable"/>, written by <c>tools/kube-schema/generate.py</c>) into
/// <see cref="KubeType"/>s. One declaration a line, tab-separated:
/// <list type="bullet">
/// <item><c>X id goName kind</c>: a type with its own JSON methods (<c>quantity</c>, <c>intorstring</c>,
///   <c>time</c>, <c>rawjson</c>).</item>
/// <item><c>N id goName underlying</c>: a named non-struct type (<c>v1.Protocol</c> is a string,
///   <c>v1.ResourceList</c> a map).</item>
/// <item><c>S id goName</c>: a struct, followed by its fields as <c>F goName jsonName type flags</c> (<c>-</c> for an
///   inline embedded field; flags: <c>omitempty omitzero embedded patchStrategy=a,b patchMergeKey=k listType=t
///   listMapKey=k1,k2</c>).</item>
/// </list>
/// Types are written as in Go with table ids for named types: <c>*core.SecurityContext</c>, <c>[]string</c>,
/// <c>map[core.ResourceName]resource.Quantity</c>.
/// </summary>
internal static class KubeSchemaReader
{
    public static Dictionary<string, KubeType> Read(ReadOnlySpan<byte> table)
    {
        var lines = Encoding.UTF8.GetString(table).Split('\n');
        var types = new Dictionary<string, KubeType>(StringComparer.Ordinal);
        var namedUnderlying = new Dictionary<string, (string GoName, string Expr)>(StringComparer.Ordinal);

        // Pass 1: every declared name, so fields and named types can refer to types declared later.
        foreach (var line in lines)
        {
            var cols = line.Split('\t');
            switch (cols[0])
            {
                case "X":
                    types[cols[1]] = new KubeType(cols[1], cols[2], SpecialKind(cols[3]));
                    break;
                case "S":
                    types[cols[1]] = new KubeType(cols[1], cols[2], KubeKind.Struct);
                    break;
                case "N":
                    namedUnderlying[cols[1]] = (cols[2], cols[3]);
                    break;
            }
        }
        var resolver = new TypeExpressions(types, namedUnderlying);
        foreach (var id in namedUnderlying.Keys) resolver.Resolve(id);

        // Pass 2: struct fields.
        KubeType? current = null;
        var fields = new List<KubeField>();
        foreach (var line in lines)
        {
            var cols = line.Split('\t');
            switch (cols[0])
            {
                case "S":
                    current?.SetFields([.. fields]);
                    fields.Clear();
                    current = types[cols[1]];
                    break;
                case "F":
                    if (current is null) throw new InvalidDataException("kube schema: field before any struct");
                    fields.Add(ReadField(current, fields.Count, cols, resolver));
                    break;
            }
        }
        current?.SetFields([.. fields]);
        foreach (var t in types.Values) t.Complete();
        return types;
    }

    private static KubeField ReadField(KubeType owner, int index, string[] cols, TypeExpressions resolver)
    {
        var flags = cols.Length > 4 ? cols[4].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        bool omitEmpty = false, omitZero = false, embedded = false;
        var strategy = PatchStrategy.None;
        string? mergeKey = null, listType = null;
        string[] mapKeys = [];
        foreach (var flag in flags)
        {
            var eq = flag.IndexOf('=');
            var name = eq < 0 ? flag : flag[..eq];
            var value = eq < 0 ? "" : flag[(eq + 1)..];
            switch (name)
            {
                case "omitempty": omitEmpty = true; break;
                case "omitzero": omitZero = true; break;
                case "embedded": embedded = true; break;
                case "patchStrategy": strategy = ParseStrategy(value); break;
                case "patchMergeKey": mergeKey = value; break;
                case "listType": listType = value; break;
                case "listMapKey": mapKeys = value.Split(','); break;
                default: throw new InvalidDataException($"kube schema: unknown flag '{flag}' on {owner.Id}.{cols[1]}");
            }
        }
        var jsonName = cols[2] == "-" ? null : cols[2];
        return new KubeField(owner, index, cols[1], jsonName, resolver.Resolve(cols[3]), omitEmpty, omitZero, embedded,
            strategy, mergeKey, listType, mapKeys);
    }

    private static PatchStrategy ParseStrategy(string value)
    {
        var result = PatchStrategy.None;
        foreach (var part in value.Split(','))
        {
            result |= part switch
            {
                "merge" => PatchStrategy.Merge,
                "replace" => PatchStrategy.Replace,
                "retainKeys" => PatchStrategy.RetainKeys,
                _ => throw new InvalidDataException($"kube schema: unknown patch strategy '{part}'"),
            };
        }
        return result;
    }

    private static KubeKind SpecialKind(string kind) => kind switch
    {
        "quantity" => KubeKind.Quantity,
        "intorstring" => KubeKind.IntOrString,
        "time" => KubeKind.Time,
        "rawjson" => KubeKind.RawJson,
        _ => throw new InvalidDataException($"kube schema: unknown special kind '{kind}'"),
    };

    /// <summary>Resolves type expressions, creating and interning pointer, slice and map types on first use.</summary>
    private sealed class TypeExpressions(Dictionary<string, KubeType> types, Dictionary<string, (string GoName, string Expr)> named)
    {
        public KubeType Resolve(string expr)
        {
            if (types.TryGetValue(expr, out var known)) return known;
            KubeType created;
            if (named.TryGetValue(expr, out var decl))
            {
                var underlying = Resolve(decl.Expr);
                created = new KubeType(expr, decl.GoName, underlying.Kind, underlying.Bits, underlying.Element, underlying.Key);
            }
            else if (expr.StartsWith('*'))
            {
                var target = Resolve(expr[1..]);
                created = new KubeType(expr, "*" + target.GoName, KubeKind.Pointer, element: target);
            }
            else if (expr.StartsWith("[]", StringComparison.Ordinal))
            {
                var element = Resolve(expr[2..]);
                created = new KubeType(expr, "[]" + element.GoName, KubeKind.Slice, element: element);
            }
            else if (expr.StartsWith("map[", StringComparison.Ordinal))
            {
                var close = MatchingBracket(expr, 3);
                var key = Resolve(expr[4..close]);
                var value = Resolve(expr[(close + 1)..]);
                if (key.Kind != KubeKind.String) throw new InvalidDataException($"kube schema: map key of {expr} is not a string kind");
                created = new KubeType(expr, $"map[{key.GoName}]{value.GoName}", KubeKind.Map, element: value, key: key);
            }
            else
            {
                created = Builtin(expr) ?? throw new InvalidDataException($"kube schema: unknown type '{expr}'");
            }
            types[expr] = created;
            return created;
        }

        private static int MatchingBracket(string expr, int open)
        {
            var depth = 0;
            for (var i = open; i < expr.Length; i++)
            {
                if (expr[i] == '[') depth++;
                else if (expr[i] == ']' && --depth == 0) return i;
            }
            throw new InvalidDataException($"kube schema: unbalanced '{expr}'");
        }

        private static KubeType? Builtin(string name) => name switch
        {
            "bool" => new KubeType(name, name, KubeKind.Bool),
            "string" => new KubeType(name, name, KubeKind.String),
            "int" or "int64" => new KubeType(name, name, KubeKind.Int, 64),
            "int32" => new KubeType(name, name, KubeKind.Int, 32),
            "int16" => new KubeType(name, name, KubeKind.Int, 16),
            "int8" => new KubeType(name, name, KubeKind.Int, 8),
            "uint" or "uint64" => new KubeType(name, name, KubeKind.Uint, 64),
            "uint32" => new KubeType(name, name, KubeKind.Uint, 32),
            "uint16" => new KubeType(name, name, KubeKind.Uint, 16),
            "uint8" or "byte" => new KubeType(name, "uint8", KubeKind.Uint, 8),
            "float64" => new KubeType(name, name, KubeKind.Float, 64),
            "float32" => new KubeType(name, name, KubeKind.Float, 32),
            _ => null,
        };
    }
}
