using GoJson = Injector.Kube.Json.GoJson;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Templates.Values;

namespace Injector.Kube.Views;

/// <summary>A <c>metav1.FieldsV1</c>: its JSON kept as written; the <c>Raw</c> field is those bytes.</summary>
internal sealed class FieldsV1View(JsonNode? raw) : GoStruct
{
    public override string TypeName => "v1.FieldsV1";

    public override bool TryGetField(string name, out object? value)
    {
        value = name == "Raw" ? new ByteSlice(GoJson.Serialize(raw)) : null;
        return value is not null;
    }

    public override void WriteJson(Utf8JsonWriter writer) => GoJson.WriteTo(writer, raw);

    public override string FormatValue() => "{" + new ByteSlice(GoJson.Serialize(raw)).Text + "}";

    private sealed class ByteSlice(byte[] bytes) : GoSlice
    {
        public override string TypeName => "[]uint8";

        public override int Count => bytes.Length;

        public override object? this[int index] => (long)bytes[index];

        public string Text => "[" + string.Join(' ', bytes) + "]";
    }
}
