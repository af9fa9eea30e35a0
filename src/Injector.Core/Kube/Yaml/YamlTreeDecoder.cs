using System.Globalization;
using System.Text.Json.Nodes;

namespace Injector.Kube.Yaml;

/// <summary>
/// Decodes a <see cref="YamlTreeNode"/> tree as go-yaml v2 decodes into <c>interface{}</c> and sigs.k8s.io/yaml then
/// converts to JSON: scalars by <see cref="GoScalarResolver"/>; aliases expanded (a copy per use); merge keys
/// (<c>&lt;&lt;</c>) applied in document order, so keys after a merge override it and keys before it are overridden,
/// and of a sequence of merged maps the earlier ones win; duplicate keys: the last one wins; non-string keys as
/// strings (ints in decimal, floats as <c>FormatFloat(f, 'g', -1, 32)</c>, booleans as <c>true</c>/<c>false</c>);
/// object keys in byte order, as <c>encoding/json</c> writes a map. go-yaml's "excessive aliasing" rule is applied
/// with its own counters. Recursion is bounded by the depths the reader already checked.
/// </summary>
internal sealed class YamlTreeDecoder
{
    private readonly HashSet<YamlTreeNode> _expanding = new(ReferenceEqualityComparer.Instance);
    private long _decodeCount;
    private long _aliasCount;
    private int _aliasDepth;

    public static JsonNode? Decode(YamlTreeNode root)
    {
        var decoder = new YamlTreeDecoder();
        decoder.Count(); // the document node
        return decoder.Value(root);
    }

    private JsonNode? Value(YamlTreeNode node)
    {
        Count();
        switch (node.Kind)
        {
            case YamlTreeKind.Alias:
                return Expand(node, Value);
            case YamlTreeKind.Scalar:
                return ScalarJson(GoScalarResolver.Resolve(node.Tag, node.Value, node.PlainImplicit, node.At), node.At);
            case YamlTreeKind.Sequence:
                var array = new JsonArray();
                foreach (var item in node.Children!) array.Add(Value(item));
                return array;
            default:
                var entries = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                Fill(node, entries);
                return SortedObject(entries);
        }
    }

    /// <summary>Adds a mapping's entries to <paramref name="entries"/> (the map being built, merges included).</summary>
    private void Fill(YamlTreeNode mapping, Dictionary<string, JsonNode?> entries)
    {
        var children = mapping.Children!;
        for (var i = 0; i + 1 < children.Count; i += 2)
        {
            var key = children[i];
            var value = children[i + 1];
            if (IsMergeKey(key))
            {
                Merge(value, entries);
                continue;
            }
            Count();
            var name = KeyString(key);
            entries[name] = Value(value);
        }
    }

    private void Merge(YamlTreeNode value, Dictionary<string, JsonNode?> entries)
    {
        switch (value.Kind)
        {
            case YamlTreeKind.Mapping:
                Count();
                Fill(value, entries);
                break;
            case YamlTreeKind.Alias:
                if (value.Target!.Kind != YamlTreeKind.Mapping) throw WantMap(value);
                MergeAlias(value, entries);
                break;
            case YamlTreeKind.Sequence:
                // Earlier maps take precedence: apply them last.
                var items = value.Children!;
                for (var i = items.Count - 1; i >= 0; i--)
                {
                    var item = items[i];
                    if (item.Kind == YamlTreeKind.Alias ? item.Target!.Kind != YamlTreeKind.Mapping : item.Kind != YamlTreeKind.Mapping)
                    {
                        throw WantMap(item);
                    }
                    if (item.Kind == YamlTreeKind.Alias)
                    {
                        MergeAlias(item, entries);
                    }
                    else
                    {
                        Count();
                        Fill(item, entries);
                    }
                }
                break;
            default:
                throw WantMap(value);
        }
    }

    private void MergeAlias(YamlTreeNode alias, Dictionary<string, JsonNode?> entries)
    {
        Count();
        Expand(alias, target =>
        {
            Count();
            Fill(target, entries);
            return null;
        });
    }

    private JsonNode? Expand(YamlTreeNode alias, Func<YamlTreeNode, JsonNode?> decode)
    {
        var target = alias.Target!;
        if (!_expanding.Add(alias)) throw new GoYamlException(alias.At, $"anchor '{alias.Value}' value contains itself");
        _aliasDepth++;
        try
        {
            return decode(target);
        }
        finally
        {
            _aliasDepth--;
            _expanding.Remove(alias);
        }
    }

    /// <summary>sigs.k8s.io/yaml's conversion of a Go map key to a JSON member name.</summary>
    private string KeyString(YamlTreeNode key)
    {
        var node = key;
        if (node.Kind == YamlTreeKind.Alias)
        {
            Count(); // the alias's target is decoded once more
            node = node.Target!;
        }
        if (node.Kind != YamlTreeKind.Scalar)
        {
            throw new GoYamlException(key.At, $"invalid map key: a {(node.Kind == YamlTreeKind.Mapping ? "mapping" : "sequence")}");
        }
        var scalar = GoScalarResolver.Resolve(node.Tag, node.Value, node.PlainImplicit, node.At);
        return scalar.Kind switch
        {
            GoScalarKind.String => scalar.Text!,
            GoScalarKind.Int => scalar.Int.ToString(CultureInfo.InvariantCulture),
            GoScalarKind.Bool => scalar.Bool ? "true" : "false",
            GoScalarKind.Float => GoFloatText.Float32G(scalar.Float) switch
            {
                "+Inf" => ".inf",
                "-Inf" => "-.inf",
                "NaN" => ".nan",
                var text => text,
            },
            GoScalarKind.Uint => throw new GoYamlException(key.At, $"unsupported map key of type: uint64, key: {scalar.Uint}"),
            _ => throw new GoYamlException(key.At, "unsupported map key: null"),
        };
    }

    private static JsonNode? ScalarJson(GoScalar scalar, YamlPosition at) => scalar.Kind switch
    {
        GoScalarKind.Null => null,
        GoScalarKind.Bool => JsonValue.Create(scalar.Bool),
        GoScalarKind.Int => JsonValue.Create(scalar.Int),
        GoScalarKind.Uint => JsonValue.Create(scalar.Uint),
        GoScalarKind.String => JsonValue.Create(scalar.Text!),
        _ => FloatJson(scalar.Float, at),
    };

    /// <summary>A float keeps the exact text <c>encoding/json</c> would write (<c>1e+21</c>, <c>1e-7</c>).</summary>
    private static JsonNode FloatJson(double value, YamlPosition at)
    {
        if (double.IsNaN(value)) throw new GoYamlException($"json: unsupported value: NaN (at {at})");
        if (double.IsInfinity(value)) throw new GoYamlException($"json: unsupported value: {(value > 0 ? "+Inf" : "-Inf")} (at {at})");
        return JsonNode.Parse(GoFloatText.Json(value))!;
    }

    private static JsonObject SortedObject(Dictionary<string, JsonNode?> entries)
    {
        var names = new string[entries.Count];
        entries.Keys.CopyTo(names, 0);
        Array.Sort(names, Utf8Order.Comparer);
        var obj = new JsonObject();
        foreach (var name in names) obj.Add(name, entries[name]);
        return obj;
    }

    private static bool IsMergeKey(YamlTreeNode key) =>
        key.Kind == YamlTreeKind.Scalar && key.Value == "<<" && (key.PlainImplicit || key.Tag == YamlTags.Merge);

    private static GoYamlException WantMap(YamlTreeNode at) => new(at.At, "map merge requires map or sequence of maps as the value");

    /// <summary>
    /// go-yaml's guard against alias bombs: past 1000 decoded nodes and 100 from aliases, at most 99 % may come from
    /// aliases (falling to 10 % between 400,000 and 4,000,000 decoded nodes).
    /// </summary>
    private void Count()
    {
        _decodeCount++;
        if (_aliasDepth > 0) _aliasCount++;
        if (_aliasCount > 100 && _decodeCount > 1000 && (double)_aliasCount / _decodeCount > AllowedAliasRatio(_decodeCount))
        {
            throw new GoYamlException("yaml: document contains excessive aliasing");
        }
    }

    private static double AllowedAliasRatio(long decodeCount)
    {
        const long low = 400_000;
        const long high = 4_000_000;
        if (decodeCount <= low) return 0.99;
        if (decodeCount >= high) return 0.10;
        return 0.99 - 0.89 * ((double)(decodeCount - low) / (high - low));
    }
}
