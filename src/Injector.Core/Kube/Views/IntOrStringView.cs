using GoJson = Injector.Kube.Json.GoJson;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Normalization;
using Injector.Templates.Values;

namespace Injector.Kube.Views;

/// <summary>An <c>intstr.IntOrString</c> value: fields <c>Type</c> (0 int, 1 string), <c>IntVal</c>,
/// <c>StrVal</c>; <c>String</c> and <c>IntValue</c> (pointer receivers, so only where addressable).</summary>
internal sealed class IntOrStringView(IntOrStringValue value, bool addressable) : GoStruct
{
    public IntOrStringValue Value => value;

    public override string TypeName => "intstr.IntOrString";

    public override bool TryGetField(string name, out object? result)
    {
        result = name switch
        {
            "Type" => value.IsString ? 1L : 0L,
            "IntVal" => (long)value.IntVal,
            "StrVal" => value.StrVal,
            _ => null,
        };
        return result is not null;
    }

    public override bool TryGetMethod(string name, out GoMethod? method)
    {
        method = null;
        if (!addressable) return false;
        object? result = name switch
        {
            "String" => Text,
            "IntValue" => value.IsString ? (long)(int.TryParse(value.StrVal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : 0) : value.IntVal,
            _ => null,
        };
        if (result is null) return false;
        method = args => args.Length == 0 ? result : throw new GoCallException($"wrong number of args for {name}: want 0 got {args.Length}");
        return true;
    }

    private string Text => value.IsString ? value.StrVal : value.IntVal.ToString(CultureInfo.InvariantCulture);

    public override void WriteJson(Utf8JsonWriter writer) =>
        GoJson.WriteTo(writer, value.IsString ? JsonValue.Create(value.StrVal) : JsonValue.Create(value.IntVal));

    public override string FormatValue() => addressable ? Text : StructText;

    /// <summary><c>fmt</c>'s <c>%v</c> of the struct: <c>{0 8080 }</c>, <c>{1 0 http}</c>.</summary>
    internal string StructText => $"{{{(value.IsString ? 1 : 0)} {value.IntVal} {value.StrVal}}}";
}
