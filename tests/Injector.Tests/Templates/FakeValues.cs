using System.Text;
using System.Text.Json;
using Injector.Templates.Formatting;
using Injector.Templates.Values;

namespace Injector.Tests.Templates;

/// <summary>A Go struct for tests: fields in declaration order with their JSON names, methods by name.</summary>
internal sealed class FakeStruct(string typeName) : GoStruct
{
    private readonly List<(string Name, string? Json, bool OmitEmpty, object? Value)> fields = [];
    private readonly Dictionary<string, GoMethod> methods = new(StringComparer.Ordinal);

    public override string TypeName { get; } = typeName;

    public FakeStruct Field(string name, object? value, string? json = null, bool omitEmpty = false)
    {
        fields.Add((name, json, omitEmpty, value));
        return this;
    }

    public FakeStruct Method(string name, GoMethod method)
    {
        methods[name] = method;
        return this;
    }

    public override bool TryGetField(string name, out object? value)
    {
        foreach (var field in fields)
        {
            if (field.Name == name)
            {
                value = field.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    public override bool TryGetMethod(string name, out GoMethod? method) => methods.TryGetValue(name, out method);

    public override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (_, json, omitEmpty, value) in fields)
        {
            if (json is null || omitEmpty && IsEmpty(value))
            {
                continue;
            }
            writer.WritePropertyName(json);
            WriteValue(writer, value);
        }
        writer.WriteEndObject();
    }

    public override string FormatValue()
    {
        var builder = new StringBuilder("{");
        var printer = new GoPrinter();
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }
            builder.Append(printer.Sprint(fields[i].Value));
        }
        return builder.Append('}').ToString();
    }

    private static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        long l => l == 0,
        GoMap m => m.Count == 0,
        GoSlice s => s.Count == 0,
        _ => false,
    };

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case GoStruct st:
                st.WriteJson(writer);
                break;
            case GoMap map:
                writer.WriteStartObject();
                foreach (var (key, element) in map.SortedEntries)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, element);
                }
                writer.WriteEndObject();
                break;
            case GoSlice slice:
                writer.WriteStartArray();
                for (int i = 0; i < slice.Count; i++)
                {
                    WriteValue(writer, slice[i]);
                }
                writer.WriteEndArray();
                break;
        }
    }
}

/// <summary>The data the Go oracle used (<c>typedFixture</c> in the oracle program), rebuilt in the model.</summary>
internal static class TemplateFixtures
{
    public const string ValuesJson = """{"global":{"proxy":{"image":"proxyv2","resources":{"requests":{"cpu":"100m","memory":null}},"statusPort":15020},"hub":"docker.io/istio","empty":"","zero":0,"list":[1,"two",null,{"a":null}]},"enabled":true,"big":1e21,"small":1e-7,"nested":{"n":null}}""";

    public static object? Data(string name) => name switch
    {
        "" or "none" => null,
        "typed" => Typed(),
        _ when name.StartsWith("json:", StringComparison.Ordinal) => Json(name[5..]),
        _ => throw new ArgumentException("unknown fixture " + name),
    };

    public static object? Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return GoJson.FromElement(document.RootElement);
    }

    public static GoStringMap Strings(params (string Key, string Value)[] entries) =>
        GoStringMap.ReadOnly(entries.Select(e => KeyValuePair.Create(e.Key, e.Value)));

    private static FakeStruct Port(string name, long port, string protocol) => new FakeStruct("v1.ContainerPort")
        .Field("Name", name, "name", omitEmpty: true)
        .Field("ContainerPort", port, "containerPort")
        .Field("Protocol", protocol, "protocol", omitEmpty: true);

    private static FakeStruct Container(string name, string image, params FakeStruct[] ports) => new FakeStruct("v1.Container")
        .Field("Name", name, "name")
        .Field("Image", image, "image", omitEmpty: true)
        .Field("Ports", GoListSlice.Of("[]v1.ContainerPort", ports), "ports", omitEmpty: true);

    private static FakeStruct Mesh(params FakeStruct[] providers)
    {
        var list = GoListSlice.Of("[]*v1alpha1.ExtensionProvider", providers);
        return new FakeStruct("*v1alpha1.MeshConfig").Field("ExtensionProviders", list).Method("GetExtensionProviders", _ => list);
    }

    private static FakeStruct Provider(string name, FakeStruct? openTelemetry)
    {
        object otel = openTelemetry is null ? new GoNilPointer("*v1alpha1.OpenTelemetry", n => n == "GetServiceAttributeEnrichment"
            ? _ => new GoEnum("v1alpha1.Enrichment", 0, "DEFAULT")
            : null) : openTelemetry;
        return new FakeStruct("*v1alpha1.ExtensionProvider").Field("Name", name).Field("Opentelemetry", otel).Method("GetOpentelemetry", _ => otel);
    }

    private static FakeStruct OpenTelemetry(long enrichment, string name)
    {
        var value = new GoEnum("v1alpha1.Enrichment", enrichment, name);
        return new FakeStruct("*v1alpha1.OpenTelemetry").Field("ServiceAttributeEnrichment", value).Method("GetServiceAttributeEnrichment", _ => value);
    }

    public static FakeStruct Typed()
    {
        var meta = new FakeStruct("v1.ObjectMeta")
            .Field("Name", "web", "name", omitEmpty: true)
            .Field("Namespace", "prod", "namespace", omitEmpty: true)
            .Field("Labels", Strings(("app", "web"), ("version", "v1")), "labels", omitEmpty: true)
            .Field("Annotations", Strings(("sidecar.istio.io/proxyCPU", "200m"), ("empty", "")), "annotations", omitEmpty: true);
        var containers = GoListSlice.Of("[]v1.Container", [
            Container("app", "registry:5000/web:1.2@sha256:abc", Port("http", 8080, "TCP"), Port("", 53, "UDP")),
            Container("istio-proxy", "proxyv2", Port("", 15090, "TCP")),
        ]);
        var inner = new FakeStruct("*main.Inner").Field("Value", "inner");
        inner.Method("GetValue", _ => "inner");
        var nilInner = new GoNilPointer("*main.Inner", name => name == "GetValue" ? _ => "" : null);
        var drain = new FakeStruct("*durationpb.Duration").Field("Seconds", 45L).Field("Nanos", 500000000L);
        drain.Method("GetSeconds", _ => 45L).Method("GetNanos", _ => 500000000L);
        var nilDrain = new GoNilPointer("*durationpb.Duration", name => name switch
        {
            "GetSeconds" or "GetNanos" => _ => 0L,
            _ => null,
        });
        var data = new FakeStruct("*main.Data")
            .Field("Mesh", Mesh(Provider("zipkin", null), Provider("otel", OpenTelemetry(1, "OTEL_SEMANTIC_CONVENTIONS"))))
            .Field("PlainMesh", Mesh(Provider("otel", OpenTelemetry(0, "DEFAULT"))))
            .Field("NilMesh", new GoNilPointer("*v1alpha1.MeshConfig", name => name == "GetExtensionProviders"
                ? _ => GoListSlice.NilOf("[]*v1alpha1.ExtensionProvider")
                : null))
            .Field("One", GoListSlice.Of("[]v1.Container", [Container("solo", "nginx@sha256:abc")]))
            .Field("Meta", meta)
            .Field("Containers", containers)
            .Field("Values", Json(ValuesJson))
            .Field("Strs", Strings(("b", "2"), ("a", "1"), ("<html>", "&")))
            .Field("NilStrs", GoStringMap.Nil)
            .Field("Nil", nilInner)
            .Field("Ptr", inner)
            .Field("Count", 3L)
            .Field("Ratio", 0.5)
            .Field("Flag", true)
            .Field("Name", "web")
            .Field("List", GoListSlice.Strings(["x", "y", "z"]))
            .Field("Anys", GoListSlice.Any(1.5, "s", null, true))
            .Field("Mode", new GoEnum("main.Mode", 1, "TPROXY"))
            .Field("Drain", drain)
            .Field("NilDrain", nilDrain);
        data.Method("Greet", args => "hello " + (string)args[0]!);
        return data;
    }
}
