using Injector.Templates.Values;

namespace Injector.Templates.Execution;

/// <summary>
/// A value during execution, as a Go <c>reflect.Value</c> carries it: the value itself, whether its static type is
/// an interface (a <c>map[string]interface {}</c> element, a <c>[]interface {}</c> item, the result of a function
/// declared to return <c>any</c>), and Go's "invalid" value (<c>&lt;no value&gt;</c>: a missing map key, a pipeline
/// that produced nothing). The distinction changes error texts and a few answers, so the engine keeps it.
/// </summary>
internal readonly struct Slot
{
    private const byte ConcreteState = 0;
    private const byte InterfaceState = 1;
    private const byte MissingState = 2;

    private readonly byte state;

    private Slot(object? value, byte state)
    {
        Value = value;
        this.state = state;
    }

    /// <summary>Go's invalid <c>reflect.Value</c>.</summary>
    public static Slot Missing => new(null, MissingState);

    /// <summary>A nil interface value.</summary>
    public static Slot NilInterface => new(null, InterfaceState);

    public object? Value { get; }

    public bool IsMissing => state == MissingState;

    public bool IsInterface => state == InterfaceState;

    /// <summary>A nil interface (not missing).</summary>
    public bool IsNilInterface => state == InterfaceState && Value is null;

    /// <summary>A value of a concrete type (a nil <paramref name="value"/> is taken as a nil interface).</summary>
    public static Slot Of(object? value) => new(value, value is null ? InterfaceState : ConcreteState);

    /// <summary>A value held in an interface.</summary>
    public static Slot InInterface(object? value) => new(value, InterfaceState);

    /// <summary>An element of a container whose element type is <paramref name="elementIsInterface"/>.</summary>
    public static Slot Element(object? value, bool elementIsInterface) =>
        elementIsInterface ? new(value, InterfaceState) : Of(value);

    /// <summary>What Go's <c>indirectInterface</c> makes of it: the dynamic value, missing for a nil interface.</summary>
    public Slot Concrete() => state switch
    {
        InterfaceState => Value is null ? Missing : new(Value, ConcreteState),
        _ => this,
    };

    /// <summary>The type name Go puts in messages: <c>interface {}</c> for values held in interfaces.</summary>
    public string StaticTypeName => state == InterfaceState ? GoTypeNames.Interface : GoTypeNames.Of(Value);
}
