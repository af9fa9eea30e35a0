using GoJson = Injector.Kube.Json.GoJson;
using System.Text.Json;
using Injector.Kube.Json;
using Injector.Kube.Quantities;
using Injector.Templates.Values;

namespace Injector.Kube.Views;

/// <summary>
/// A <c>resource.Quantity</c> value. Its one exported field is <c>Format</c>; <c>String</c>, <c>Value</c>,
/// <c>MilliValue</c> and <c>IsZero</c> have pointer receivers in Go, so they exist (and printing uses
/// <c>String</c>) only where Go can take the value's address: fields and list elements, not map entries such as a
/// <c>ResourceList</c>'s.
/// </summary>
internal sealed class QuantityView(Quantity quantity, bool addressable) : GoStruct
{
    public Quantity Quantity => quantity;

    public override string TypeName => "resource.Quantity";

    public override bool TryGetField(string name, out object? value)
    {
        value = name == "Format" ? quantity.Format.ToString() : null;
        return name == "Format";
    }

    public override bool TryGetMethod(string name, out GoMethod? method)
    {
        method = null;
        if (!addressable) return false;
        object? result = name switch
        {
            "String" => quantity.ToString(),
            "Value" => quantity.Value(),
            "MilliValue" => quantity.MilliValue(),
            "IsZero" => quantity.IsZero,
            _ => null,
        };
        if (result is null) return false;
        method = args => args.Length == 0 ? result : throw new GoCallException($"wrong number of args for {name}: want 0 got {args.Length}");
        return true;
    }

    public override void WriteJson(Utf8JsonWriter writer) => GoJson.WriteTo(writer, System.Text.Json.Nodes.JsonValue.Create(quantity.ToString()));

    public override string FormatValue() => addressable ? quantity.ToString() : quantity.FormatGoValue();
}
