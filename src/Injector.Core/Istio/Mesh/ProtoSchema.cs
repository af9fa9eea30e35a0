namespace Injector.Istio.Mesh;

/// <summary>What a field holds, as protojson reads and writes it.</summary>
internal enum ProtoKind
{
    Bool, Int32, Int64, UInt32, UInt64, Double, Float, String, Bytes, Enum, Message,
    /// <summary>A <c>google.protobuf.*Value</c> wrapper: the plain value, present even when zero.</summary>
    Wrapper,
    /// <summary><c>google.protobuf.Duration</c>: a string such as <c>"23s"</c>.</summary>
    Duration,
    /// <summary><c>google.protobuf.Struct</c>, <c>Value</c>, <c>ListValue</c>: arbitrary JSON.</summary>
    Struct, Value, ListValue, Empty, Any, Timestamp,
}

/// <summary>Cardinality. <c>Optional</c> is proto3 <c>optional</c> (a scalar with presence).</summary>
internal enum ProtoLabel { Single, Optional, Repeated, Map }

/// <summary>A protobuf enum: value names by number and numbers by name.</summary>
internal sealed class ProtoEnumType(string fullName, string goName, (string Name, int Number)[] values)
{
    public string FullName { get; } = fullName;

    /// <summary>The Go type as <c>%T</c> prints it (<c>v1alpha1.ProxyConfig_InboundInterceptionMode</c>).</summary>
    public string GoName { get; } = goName;

    public IReadOnlyList<(string Name, int Number)> Values { get; } = values;

    public bool TryGetNumber(string name, out int number)
    {
        foreach (var (n, v) in values)
        {
            if (n == name) { number = v; return true; }
        }
        number = 0;
        return false;
    }

    /// <summary>The first name declared for the number (aliases share a number), or null.</summary>
    public string? NameOf(long number)
    {
        foreach (var (n, v) in values)
        {
            if (v == number) return n;
        }
        return null;
    }
}

/// <summary>One field of a message, in declaration order (the order Go's jsonpb writes fields in).</summary>
internal sealed class ProtoField
{
    public required ProtoMessageType Owner { get; init; }
    public required int Number { get; init; }
    /// <summary>The proto name (<c>drain_duration</c>), accepted on input.</summary>
    public required string ProtoName { get; init; }
    /// <summary>The JSON name (<c>drainDuration</c>), written on output and accepted on input.</summary>
    public required string JsonName { get; init; }
    /// <summary>The generated Go struct field and getter stem (<c>DrainDuration</c>, <c>GetDrainDuration</c>).</summary>
    public required string GoName { get; init; }
    /// <summary>For a map, the value's kind; for a list, the element's.</summary>
    public required ProtoKind Kind { get; init; }
    public required ProtoLabel Label { get; init; }
    /// <summary>For <see cref="ProtoKind.Wrapper"/>: the wrapped scalar kind.</summary>
    public ProtoKind WrappedKind { get; init; }
    public ProtoMessageType? MessageType { get; set; }
    public ProtoEnumType? EnumType { get; set; }
    /// <summary>The oneof's proto name when the field is a member of one.</summary>
    public string? Oneof { get; init; }

    public bool IsList => Label == ProtoLabel.Repeated;
    public bool IsMap => Label == ProtoLabel.Map;

    /// <summary>Whether a set zero value stays set (and is written): oneof members, proto3 optional, and every
    /// message-typed field (wrappers, Duration, Struct included).</summary>
    public bool HasPresence => Oneof is not null || Label == ProtoLabel.Optional
        || Kind is ProtoKind.Message or ProtoKind.Wrapper or ProtoKind.Duration or ProtoKind.Struct
            or ProtoKind.Value or ProtoKind.ListValue or ProtoKind.Empty or ProtoKind.Any or ProtoKind.Timestamp;
}

/// <summary>A protobuf message type: its fields in declaration order, found by JSON or proto name.</summary>
internal sealed class ProtoMessageType(string fullName, string goName)
{
    private readonly List<ProtoField> fields = [];
    private readonly Dictionary<string, ProtoField> byName = new(StringComparer.Ordinal);

    public string FullName { get; } = fullName;

    /// <summary>The Go type without pointer (<c>v1alpha1.ProxyConfig</c>).</summary>
    public string GoName { get; } = goName;

    public IReadOnlyList<ProtoField> Fields => fields;

    internal void Add(ProtoField field)
    {
        fields.Add(field);
        byName[field.ProtoName] = field;
        byName.TryAdd(field.JsonName, field);
        byName.TryAdd("go:" + field.GoName, field);
    }

    public ProtoField? FieldByJsonName(string jsonName) =>
        byName.TryGetValue(jsonName, out var f) && f.JsonName == jsonName ? f : null;

    public ProtoField? FieldByGoName(string goName) => byName.TryGetValue("go:" + goName, out var f) ? f : null;

    /// <summary>The members of a oneof, in declaration order.</summary>
    public IEnumerable<ProtoField> OneofMembers(string oneof)
    {
        foreach (var f in fields)
        {
            if (f.Oneof == oneof) yield return f;
        }
    }

    /// <summary>The Go field that holds a oneof (<c>ClusterName</c> for <c>cluster_name</c>).</summary>
    public string? OneofByGoName(string goName)
    {
        foreach (var f in fields)
        {
            if (f.Oneof is not null && ProtoNames.GoCamelCase(f.Oneof) == goName) return f.Oneof;
        }
        return null;
    }
}
