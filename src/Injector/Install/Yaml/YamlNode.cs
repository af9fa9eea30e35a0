namespace Injector.Install.Yaml;

/// <summary>
/// A tiny ordered YAML document model. Manifests are built from it so the output is deterministic (keys keep the
/// order they were added in) and emitted without any reflection-based serializer.
/// </summary>
internal abstract class YamlNode
{
    public static implicit operator YamlNode(string value) => YamlScalar.Str(value);
    public static implicit operator YamlNode(int value) => YamlScalar.Int(value);
    public static implicit operator YamlNode(bool value) => YamlScalar.Bool(value);
}

/// <summary>How a scalar is written: a string is quoted when YAML would otherwise read it as another type.</summary>
internal enum YamlScalarKind
{
    String,
    Integer,
    Boolean,
    /// <summary>A multi-line string written as a literal block (<c>|</c>), e.g. a config file inside a ConfigMap.</summary>
    Block,
}

internal sealed class YamlScalar : YamlNode
{
    private YamlScalar(string value, YamlScalarKind kind)
    {
        Value = value;
        Kind = kind;
    }

    public string Value { get; }
    public YamlScalarKind Kind { get; }

    public static YamlScalar Str(string value) => new(value, YamlScalarKind.String);
    public static YamlScalar Int(long value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture), YamlScalarKind.Integer);
    public static YamlScalar Bool(bool value) => new(value ? "true" : "false", YamlScalarKind.Boolean);
    public static YamlScalar Block(string value) => new(value, YamlScalarKind.Block);
}

internal sealed class YamlSeq : YamlNode
{
    public List<YamlNode> Items { get; } = [];

    public YamlSeq Add(YamlNode item)
    {
        Items.Add(item);
        return this;
    }

    public static YamlSeq Of(params YamlNode[] items)
    {
        var seq = new YamlSeq();
        seq.Items.AddRange(items);
        return seq;
    }
}

/// <summary>A mapping whose keys keep insertion order; an entry may carry a comment written above it.</summary>
internal sealed class YamlMap : YamlNode
{
    public List<YamlEntry> Entries { get; } = [];

    /// <summary>Adds <paramref name="key"/>; a null value is left out, so optional fields read naturally.</summary>
    public YamlMap Add(string key, YamlNode? value, string? comment = null)
    {
        if (value is not null) Entries.Add(new YamlEntry(key, value, comment));
        return this;
    }

    public YamlNode? this[string key]
    {
        get
        {
            foreach (var entry in Entries)
            {
                if (entry.Key == key) return entry.Value;
            }
            return null;
        }
    }
}

internal sealed record YamlEntry(string Key, YamlNode Value, string? Comment);

/// <summary>JSON trees as <see cref="YamlNode"/>s, keeping key order: objects built as JSON (e.g. webhook configurations) print the same way as the rest.</summary>
internal static class YamlFromJson
{
    public static YamlMap Map(System.Text.Json.Nodes.JsonObject obj)
    {
        var map = new YamlMap();
        foreach (var (key, value) in obj)
        {
            if (value is not null) map.Add(key, Node(value));
        }
        return map;
    }

    public static YamlNode Node(System.Text.Json.Nodes.JsonNode node) => node switch
    {
        System.Text.Json.Nodes.JsonObject obj => Map(obj),
        System.Text.Json.Nodes.JsonArray array => Seq(array),
        _ => Scalar(node.AsValue()),
    };

    private static YamlSeq Seq(System.Text.Json.Nodes.JsonArray array)
    {
        var seq = new YamlSeq();
        foreach (var item in array)
        {
            if (item is not null) seq.Add(Node(item));
        }
        return seq;
    }

    private static YamlScalar Scalar(System.Text.Json.Nodes.JsonValue value) => value.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => YamlScalar.Str(value.GetValue<string>()),
        System.Text.Json.JsonValueKind.True => YamlScalar.Bool(true),
        System.Text.Json.JsonValueKind.False => YamlScalar.Bool(false),
        System.Text.Json.JsonValueKind.Number when Common.JsonFields.Integer(value) is { } n => YamlScalar.Int(n),
        _ => throw new InvalidOperationException("no YAML form for JSON " + value.ToJsonString()),
    };
}
