namespace Injector.Kube.Yaml;

/// <summary>The YAML 1.1 tags go-yaml v2 knows, in their long form (as the parser reports them).</summary>
internal static class YamlTags
{
    public const string Prefix = "tag:yaml.org,2002:";
    public const string Str = Prefix + "str";
    public const string Bool = Prefix + "bool";
    public const string Int = Prefix + "int";
    public const string Float = Prefix + "float";
    public const string Null = Prefix + "null";
    public const string Timestamp = Prefix + "timestamp";
    public const string Binary = Prefix + "binary";
    public const string Merge = Prefix + "merge";

    /// <summary>go-yaml's short form for messages: <c>!!int</c>.</summary>
    public static string Short(string tag) => tag.StartsWith(Prefix, StringComparison.Ordinal) ? "!!" + tag[Prefix.Length..] : tag;
}
