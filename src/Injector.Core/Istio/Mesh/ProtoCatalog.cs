using System.Collections.Frozen;
namespace Injector.Istio.Mesh;

/// <summary>
/// Every message and enum reachable from <c>istio.mesh.v1alpha1.MeshConfig</c> and <c>ProxyConfig</c>, generated from
/// istio/api's .proto files (ProtoCatalog.g.cs; tools/mesh-schema/generate.py), built once.
/// </summary>
internal static partial class ProtoCatalog
{
    private static readonly FrozenDictionary<string, ProtoMessageType> Messages;
    private static readonly FrozenDictionary<string, ProtoEnumType> Enums;

    static ProtoCatalog()
    {
        var builder = new ProtoCatalogBuilder();
        Build(builder);
        builder.Link();
        Messages = builder.Messages.ToFrozenDictionary(StringComparer.Ordinal);
        Enums = builder.Enums.ToFrozenDictionary(StringComparer.Ordinal);
        MeshConfig = Messages["istio.mesh.v1alpha1.MeshConfig"];
        ProxyConfig = Messages["istio.mesh.v1alpha1.ProxyConfig"];
        GoTypeNames = Messages.Values.Select(m => m.GoName).Concat(Enums.Values.Select(e => e.GoName)).ToFrozenSet(StringComparer.Ordinal);
    }

    public static ProtoMessageType MeshConfig { get; }

    public static ProtoMessageType ProxyConfig { get; }

    public static ProtoMessageType Message(string fullName) => Messages[fullName];

    public static ProtoEnumType Enum(string fullName) => Enums[fullName];

    public static IEnumerable<ProtoMessageType> AllMessages => Messages.Values;

    /// <summary>Whether a generated Go type (message or enum) has this name.</summary>
    public static bool IsGoTypeName(string goName) => GoTypeNames.Contains(goName);

    private static readonly FrozenSet<string> GoTypeNames;
}

/// <summary>Collects the generated table; types are linked once all are known (messages refer to each other).</summary>
internal sealed class ProtoCatalogBuilder
{
    private readonly List<(ProtoField Field, string? Reference)> pending = [];

    public Dictionary<string, ProtoMessageType> Messages { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ProtoEnumType> Enums { get; } = new(StringComparer.Ordinal);

    public void Enum(string fullName, string goName, (string, int)[] values) => Enums[fullName] = new ProtoEnumType(fullName, goName, values);

    public void Message(string fullName, string goName) => Messages[fullName] = new ProtoMessageType(fullName, goName);

    public void Field(string owner, int number, string protoName, string jsonName, string goName, ProtoKind kind, string? reference,
        ProtoLabel label, string? mapKey, string? oneof)
    {
        if (mapKey is not null && mapKey != "string") throw new InvalidOperationException("only string map keys are modelled: " + owner + "." + protoName);
        var message = Messages[owner];
        var field = new ProtoField
        {
            Owner = message,
            Number = number,
            ProtoName = protoName,
            JsonName = jsonName,
            GoName = goName,
            Kind = kind,
            Label = label,
            Oneof = oneof,
            WrappedKind = kind == ProtoKind.Wrapper ? System.Enum.Parse<ProtoKind>(reference!) : default,
        };
        message.Add(field);
        pending.Add((field, kind == ProtoKind.Wrapper ? null : reference));
    }

    public void Link()
    {
        foreach (var (field, reference) in pending)
        {
            if (reference is null) continue;
            if (field.Kind == ProtoKind.Enum) field.EnumType = Enums[reference];
            else field.MessageType = Messages[reference];
        }
    }
}

/// <summary>Names protoc-gen-go derives.</summary>
internal static class ProtoNames
{
    /// <summary>protoc-gen-go's GoCamelCase (<c>cluster_name</c> → <c>ClusterName</c>, <c>http2_x</c> → <c>Http2X</c>).</summary>
    public static string GoCamelCase(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '.' && i + 1 < s.Length && char.IsAsciiLetterLower(s[i + 1])) continue;
            if (c == '.') { sb.Append('_'); continue; }
            if (c == '_' && (i == 0 || s[i - 1] == '.')) { sb.Append('X'); continue; }
            if (c == '_' && i + 1 < s.Length && char.IsAsciiLetterLower(s[i + 1])) continue;
            if (char.IsAsciiDigit(c)) { sb.Append(c); continue; }
            sb.Append(char.IsAsciiLetterLower(c) ? char.ToUpperInvariant(c) : c);
            while (i + 1 < s.Length && char.IsAsciiLetterLower(s[i + 1])) sb.Append(s[++i]);
        }
        return sb.ToString();
    }
}
