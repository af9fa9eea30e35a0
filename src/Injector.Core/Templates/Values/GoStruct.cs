using System.Text.Json;

namespace Injector.Templates.Values;

/// <summary>
/// A Go struct value, or a non-nil pointer to one (Go's templates look through pointers). Fields are looked up by
/// their exported Go name (<c>Annotations</c>, <c>ProxyMetadata</c>); an unset field yields its Go zero value in
/// this model (<c>""</c>, <c>0L</c>, <c>false</c>, a nil <see cref="GoSlice"/> or <see cref="GoMap"/>, a
/// <see cref="GoNilPointer"/>), never "missing".
/// </summary>
public abstract class GoStruct : GoValue
{
    /// <summary>An exported field by Go name. False when the type has no such field (the engine then reports
    /// Go's "can't evaluate field X in type T").</summary>
    public abstract bool TryGetField(string name, out object? value);

    /// <summary>A method by name, with value or pointer receiver (<c>GetTracing</c>, <c>String</c>).</summary>
    public virtual bool TryGetMethod(string name, out GoMethod? method)
    {
        method = null;
        return false;
    }

    /// <summary>The value as Go's <c>encoding/json</c> marshals it (field JSON names, <c>omitempty</c> honoured),
    /// for <c>toJSON</c>, <c>toYaml</c>, <c>structToJSON</c>.</summary>
    public abstract void WriteJson(Utf8JsonWriter writer);

    /// <summary>How <c>fmt</c>'s <c>%v</c> prints it (<c>{a b}</c>, or the <c>String()</c> method's result when the
    /// type has one). Rarely reached by real templates.</summary>
    public abstract string FormatValue();
}
