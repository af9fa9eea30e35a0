namespace Injector.Templates.Values;

/// <summary>A Go slice (<c>[]interface {}</c>, <c>[]string</c>, <c>[]v1.Container</c>, ...).</summary>
public abstract class GoSlice : GoValue
{
    public abstract int Count { get; }

    public abstract object? this[int index] { get; }

    /// <summary>A nil slice (Go distinguishes nil from empty only when printing: both are falsy, both have length 0).</summary>
    public virtual bool IsNil => false;
}
