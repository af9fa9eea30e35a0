using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Injector.Istio.Install;

internal enum FieldShape
{
    Single,
    Repeated,
    Map,
}

internal enum FieldKind
{
    String,
    Bool,
    Int32,
    Int64,
    UInt32,
    UInt64,
    Float,
    /// <summary>google.protobuf.Value: anything.</summary>
    Any,
    /// <summary>google.protobuf.Struct (and Kubernetes objects istioctl passes through): a map of anything.</summary>
    Object,
    /// <summary>google.protobuf.ListValue: a list of anything.</summary>
    List,
    Duration,
    IntOrString,
    Enum,
    Message,
}

internal sealed record ValuesField(string JsonName, string ProtoName, FieldShape Shape, FieldKind Kind, string? Ref);

internal sealed record ValuesMessage(string Name, ValuesField[] Fields)
{
    private readonly Dictionary<string, ValuesField> _byName = Index(Fields);

    private static Dictionary<string, ValuesField> Index(ValuesField[] fields)
    {
        var map = new Dictionary<string, ValuesField>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            map[f.JsonName] = f;
            map.TryAdd(f.ProtoName, f);
        }
        return map;
    }

    /// <summary>The field by JSON name or proto name (jsonpb accepts both).</summary>
    public ValuesField? Find(string key) => _byName.GetValueOrDefault(key);
}

/// <summary>
/// What istioctl accepts in an IstioOperator: the document itself is decoded with unknown fields refused
/// (apis.IstioOperator), <c>spec.values</c> with golang/protobuf's jsonpb against the <c>Values</c> message of
/// values_types.proto (unknown fields refused; strings must be JSON strings, bools JSON bools, integers integral
/// numbers or quoted integers, a null is "not set"), <c>spec.unvalidatedValues</c> not at all. One widening: a value
/// path the chart's values.yaml has but the proto lacks (for example <c>pilot.initContainers</c>) is taken, with
/// anything below it, since the chart reads it. <c>spec.meshConfig</c> and <c>values.meshConfig</c> must be maps;
/// their fields are checked where the mesh text is read.
/// </summary>
internal static partial class ValuesSchema
{
    private const int MaxDepth = 100;

    private static readonly FrozenDictionary<string, ValuesMessage> Messages = Build().ToFrozenDictionary(StringComparer.Ordinal);
    private static readonly FrozenDictionary<string, string[]> Enums = BuildEnums().ToFrozenDictionary(StringComparer.Ordinal);

    private static Dictionary<string, ValuesMessage> Build()
    {
        var messages = BuildMessages();
        foreach (var m in OperatorMessages()) messages[m.Name] = m;
        // values.meshConfig is a google.protobuf.Value, but istioctl then reads it as a MeshConfig: it must be a map.
        var values = messages["Values"];
        messages["Values"] = new ValuesMessage(values.Name,
            values.Fields.Select(f => f.JsonName == "meshConfig" ? f with { Kind = FieldKind.Object } : f).ToArray());
        return messages;
    }

    /// <summary>The Go structs around the values (operator/pkg/apis/types.go), written by hand.</summary>
    private static IEnumerable<ValuesMessage> OperatorMessages()
    {
        yield return new ValuesMessage("IstioOperator",
        [
            new("apiVersion", "apiVersion", FieldShape.Single, FieldKind.String, null),
            new("kind", "kind", FieldShape.Single, FieldKind.String, null),
            new("metadata", "metadata", FieldShape.Single, FieldKind.Object, null),
            new("spec", "spec", FieldShape.Single, FieldKind.Message, "IstioOperatorSpec"),
        ]);
        yield return new ValuesMessage("IstioOperatorSpec",
        [
            new("profile", "profile", FieldShape.Single, FieldKind.String, null),
            new("installPackagePath", "installPackagePath", FieldShape.Single, FieldKind.String, null),
            new("hub", "hub", FieldShape.Single, FieldKind.String, null),
            new("tag", "tag", FieldShape.Single, FieldKind.Any, null),
            new("namespace", "namespace", FieldShape.Single, FieldKind.String, null),
            new("revision", "revision", FieldShape.Single, FieldKind.String, null),
            new("compatibilityVersion", "compatibilityVersion", FieldShape.Single, FieldKind.String, null),
            new("meshConfig", "meshConfig", FieldShape.Single, FieldKind.Object, null),
            new("components", "components", FieldShape.Single, FieldKind.Message, "IstioComponentSpec"),
            new("values", "values", FieldShape.Single, FieldKind.Message, "Values"),
            new("unvalidatedValues", "unvalidatedValues", FieldShape.Single, FieldKind.Any, null),
        ]);
        yield return new ValuesMessage("IstioComponentSpec",
        [
            new("base", "base", FieldShape.Single, FieldKind.Message, "BaseComponentSpec"),
            new("pilot", "pilot", FieldShape.Single, FieldKind.Message, "ComponentSpec"),
            new("cni", "cni", FieldShape.Single, FieldKind.Message, "ComponentSpec"),
            new("ztunnel", "ztunnel", FieldShape.Single, FieldKind.Message, "ComponentSpec"),
            new("istiodRemote", "istiodRemote", FieldShape.Single, FieldKind.Message, "ComponentSpec"),
            new("ingressGateways", "ingressGateways", FieldShape.Repeated, FieldKind.Message, "GatewayComponentSpec"),
            new("egressGateways", "egressGateways", FieldShape.Repeated, FieldKind.Message, "GatewayComponentSpec"),
        ]);
        yield return new ValuesMessage("BaseComponentSpec",
        [
            new("enabled", "enabled", FieldShape.Single, FieldKind.Bool, null),
            new("k8s", "k8s", FieldShape.Single, FieldKind.Object, null),
        ]);
        ValuesField[] component =
        [
            new("enabled", "enabled", FieldShape.Single, FieldKind.Bool, null),
            new("namespace", "namespace", FieldShape.Single, FieldKind.String, null),
            new("hub", "hub", FieldShape.Single, FieldKind.String, null),
            new("tag", "tag", FieldShape.Single, FieldKind.Any, null),
            new("k8s", "k8s", FieldShape.Single, FieldKind.Object, null),
        ];
        yield return new ValuesMessage("ComponentSpec", component);
        yield return new ValuesMessage("GatewayComponentSpec",
        [
            .. component,
            new("name", "name", FieldShape.Single, FieldKind.String, null),
            new("label", "label", FieldShape.Map, FieldKind.String, null),
        ]);
    }

    /// <summary>Checks a whole IstioOperator document.</summary>
    public static void ValidateDocument(JsonNode? document, string source, JsonObject chartDefaults)
    {
        if (document is not JsonObject) throw new InstallInputException($"{source}: not an IstioOperator (a YAML map with spec)");
        var checker = new Checker(source, chartDefaults);
        checker.Check(document, new FieldType(FieldShape.Single, FieldKind.Message, "IstioOperator"), "", Context.Operator, 0);
    }

    /// <summary>Checks the value a <c>--set</c> put at <paramref name="segments"/> (which start with
    /// <c>spec</c>) against the schema at that path.</summary>
    public static void ValidateAt(JsonNode? root, IReadOnlyList<string> segments, string source, JsonObject chartDefaults)
    {
        var checker = new Checker(source, chartDefaults);
        var type = new FieldType(FieldShape.Single, FieldKind.Message, "IstioOperator");
        var context = Context.Operator;
        JsonNode? node = root;
        var path = "";
        foreach (var segment in segments)
        {
            var inList = segment.StartsWith('[');
            if (inList)
            {
                if (node is not JsonArray list) return;
                if (type.Shape != FieldShape.Repeated && type.Kind is not (FieldKind.Any or FieldKind.List))
                {
                    checker.Check(list, type, path, context, 0); // names what the path holds instead
                }
                node = SelectElement(list, segment);
                type = type with { Shape = FieldShape.Single };
                path += segment;
                continue;
            }
            var next = checker.Step(type, segment, path, ref context);
            if (next is null) return; // an accepted subtree without a schema
            type = next.Value;
            node = node is JsonObject map ? map[segment] : null;
            path = Join(path, segment);
        }
        checker.Check(node, type, path, context, 0);
    }

    private static JsonNode? SelectElement(JsonArray list, string selector)
    {
        var inner = selector[1..^1];
        if (int.TryParse(inner, out var i)) return i >= 0 && i < list.Count ? list[i] : list.Count > 0 ? list[^1] : null;
        var colon = inner.IndexOf(':');
        foreach (var element in list)
        {
            if (colon > 0 && element is JsonObject m && m[inner[..colon]] is JsonValue v &&
                v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == inner[(colon + 1)..])
            {
                return element;
            }
        }
        return null;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private readonly record struct FieldType(FieldShape Shape, FieldKind Kind, string? Ref);

    /// <summary>Where a node sits, for the values.yaml widening: the chart defaults node that matches it.</summary>
    private readonly record struct Context(bool InValues, JsonNode? ChartNode)
    {
        public static Context Operator => new(false, null);
    }

    private sealed class Checker(string source, JsonObject chartDefaults)
    {
        /// <summary>The type of <paramref name="key"/> in a message, or null when the chart's values.yaml vouches
        /// for it (anything goes below).</summary>
        public FieldType? Step(FieldType type, string key, string path, ref Context context)
        {
            if (type.Kind != FieldKind.Message || type.Shape != FieldShape.Single)
            {
                if (type.Shape == FieldShape.Map) return type with { Shape = FieldShape.Single };
                if (type.Kind is FieldKind.Any or FieldKind.Object) return new FieldType(FieldShape.Single, FieldKind.Any, null);
                throw Error(Join(path, key), $"{path} is not a map");
            }
            var message = Messages[type.Ref!];
            var field = message.Find(key);
            var chartChild = context.ChartNode is JsonObject chartMap ? chartMap[key] : null;
            if (field is null)
            {
                if (context.InValues && context.ChartNode is JsonObject known && known.ContainsKey(key)) return null;
                throw Error(Join(path, key), $"unknown field \"{key}\" in {message.Name}");
            }
            if (message.Name == "IstioOperatorSpec" && key == "values") context = new Context(true, chartDefaults);
            else if (context.InValues && message.Name == "Values" && key == "pilot") context = context with { ChartNode = chartDefaults };
            else context = context with { ChartNode = chartChild };
            return new FieldType(field.Shape, field.Kind, field.Ref);
        }

        public void Check(JsonNode? node, FieldType type, string path, Context context, int depth)
        {
            if (depth > MaxDepth) throw Error(path, $"nests deeper than {MaxDepth}");
            if (node is null) return; // null is "not set" for every field
            switch (type.Shape)
            {
                case FieldShape.Repeated:
                    if (node is not JsonArray list) throw Error(path, $"expected a list, got {Describe(node)}");
                    for (var i = 0; i < list.Count; i++)
                    {
                        Check(list[i], type with { Shape = FieldShape.Single }, $"{path}[{i}]", context with { ChartNode = null }, depth + 1);
                    }
                    return;
                case FieldShape.Map:
                    if (node is not JsonObject map) throw Error(path, $"expected a map, got {Describe(node)}");
                    foreach (var (key, value) in map)
                    {
                        Check(value, type with { Shape = FieldShape.Single }, Join(path, key), context with { ChartNode = null }, depth + 1);
                    }
                    return;
            }
            switch (type.Kind)
            {
                case FieldKind.Message:
                    if (node is not JsonObject fields) throw Error(path, $"expected a map, got {Describe(node)}");
                    foreach (var (key, value) in fields)
                    {
                        var childContext = context;
                        var childType = Step(type, key, path, ref childContext);
                        if (childType is null) continue;
                        Check(value, childType.Value, Join(path, key), childContext, depth + 1);
                    }
                    return;
                case FieldKind.Any:
                    return;
                case FieldKind.Object:
                    if (node is not JsonObject) throw Error(path, $"expected a map, got {Describe(node)}");
                    return;
                case FieldKind.List:
                    if (node is not JsonArray) throw Error(path, $"expected a list, got {Describe(node)}");
                    return;
            }
            if (node is not JsonValue scalar) throw Error(path, $"expected {Expected(type)}, got {Describe(node)}");
            var kind = scalar.GetValueKind();
            var ok = type.Kind switch
            {
                FieldKind.String or FieldKind.Duration => kind == JsonValueKind.String,
                FieldKind.Bool => kind is JsonValueKind.True or JsonValueKind.False,
                FieldKind.Int32 => IsInteger(scalar, int.MinValue, int.MaxValue, quotedToo: true),
                FieldKind.Int64 => IsInteger(scalar, long.MinValue, long.MaxValue, quotedToo: true),
                FieldKind.UInt32 => IsInteger(scalar, 0, uint.MaxValue, quotedToo: true),
                FieldKind.UInt64 => IsInteger(scalar, 0, decimal.MaxValue, quotedToo: true),
                FieldKind.Float => kind == JsonValueKind.Number || (kind == JsonValueKind.String && IsQuotedFloat(scalar.GetValue<string>())),
                FieldKind.IntOrString => kind == JsonValueKind.String || IsInteger(scalar, int.MinValue, int.MaxValue, quotedToo: false),
                FieldKind.Enum => kind == JsonValueKind.String
                    ? Array.IndexOf(Enums[type.Ref!], scalar.GetValue<string>()) >= 0
                    : IsInteger(scalar, int.MinValue, int.MaxValue, quotedToo: false),
                _ => false,
            };
            if (!ok) throw Error(path, $"expected {Expected(type)}, got {Describe(node)}");
        }

        private static bool IsInteger(JsonValue value, decimal min, decimal max, bool quotedToo)
        {
            string text;
            var kind = value.GetValueKind();
            if (kind == JsonValueKind.Number) text = Kube.Json.JsonNumbers.Text(value);
            else if (kind == JsonValueKind.String && quotedToo) text = value.GetValue<string>();
            else return false;
            if (text.Length == 0) return false;
            var start = text[0] == '-' ? 1 : 0;
            if (start == text.Length) return false;
            for (var i = start; i < text.Length; i++)
            {
                if (!char.IsAsciiDigit(text[i])) return false;
            }
            return decimal.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign,
                System.Globalization.CultureInfo.InvariantCulture, out var d) && d >= min && d <= max;
        }

        private static bool IsQuotedFloat(string s) =>
            s is "NaN" or "Infinity" or "-Infinity" || GoParseFloat.TryParse(s, out _);

        private static string Expected(FieldType type) => type.Kind switch
        {
            FieldKind.String => "a string",
            FieldKind.Duration => "a duration string",
            FieldKind.Bool => "true or false",
            FieldKind.Int32 or FieldKind.Int64 => "an integer",
            FieldKind.UInt32 or FieldKind.UInt64 => "a non-negative integer",
            FieldKind.Float => "a number",
            FieldKind.IntOrString => "an integer or a string",
            FieldKind.Enum => "one of " + string.Join(", ", Enums[type.Ref!]),
            _ => "a map",
        };

        private static string Describe(JsonNode node) => node switch
        {
            JsonObject => "a map",
            JsonArray => "a list",
            JsonValue v => v.GetValueKind() switch
            {
                JsonValueKind.String => $"the string {Quote(v.GetValue<string>())}",
                JsonValueKind.True or JsonValueKind.False => $"the bool {v.ToJsonString()}",
                _ => $"the number {Kube.Json.JsonNumbers.Text(v)}",
            },
            _ => "a value",
        };

        private static string Quote(string s) => s.Length > 60 ? JsonSerializerQuote(s[..60]) + "…" : JsonSerializerQuote(s);

        private static string JsonSerializerQuote(string s) => JsonValue.Create(s).ToJsonString();

        private InstallInputException Error(string path, string what) => new($"{source}: {path}: {what}");
    }
}
