using GoJson = Injector.Kube.Json.GoJson;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Normalization;
using Injector.Templates.Values;

namespace Injector.Kube.Views;

/// <summary>A <c>metav1.Time</c> (or the <c>time.Time</c> it embeds, its <c>.Time</c> field). Prints as Go's
/// <c>time.Time.String()</c> in UTC; <c>IsZero</c>, <c>Unix</c> and <c>String</c> are methods.</summary>
internal sealed class TimeView(GoTime time, string typeName = "v1.Time") : GoStruct
{
    public GoTime Time => time;

    public override string TypeName => typeName;

    public override bool TryGetField(string name, out object? value)
    {
        value = name == "Time" && typeName == "v1.Time" ? new TimeView(time, "time.Time") : null;
        return value is not null;
    }

    public override bool TryGetMethod(string name, out GoMethod? method)
    {
        object? result = name switch
        {
            "String" => time.FormatGoString(),
            "IsZero" => time.IsZero,
            "Unix" => time.UnixSeconds,
            _ => null,
        };
        method = result is null ? null : args => args.Length == 0 ? result : throw new GoCallException($"wrong number of args for {name}: want 0 got {args.Length}");
        return result is not null;
    }

    /// <summary><c>metav1.Time</c> writes RFC 3339 seconds in UTC, or <c>null</c> for the zero time.</summary>
    public override void WriteJson(Utf8JsonWriter writer) =>
        GoJson.WriteTo(writer, time.IsZero ? null : JsonValue.Create(time.FormatRfc3339()));

    public override string FormatValue() => time.FormatGoString();
}
