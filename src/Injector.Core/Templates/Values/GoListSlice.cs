namespace Injector.Templates.Values;

/// <summary>
/// A Go slice backed by an array: <c>[]interface {}</c> (JSON arrays, Sprig's <c>list</c>), <c>[]string</c>
/// (<c>splitList</c>, <c>keys</c>), <c>[]int</c> (<c>until</c>) and the like. Immutable once built.
/// </summary>
public sealed class GoListSlice : GoSlice
{
    private readonly object?[] items;

    private GoListSlice(string typeName, object?[] items, bool isNil)
    {
        TypeName = typeName;
        this.items = items;
        IsNil = isNil;
    }

    /// <summary>A slice of type <paramref name="typeName"/> (<c>[]string</c>) over <paramref name="items"/>, which it
    /// keeps (the caller must not change the array afterwards).</summary>
    public static GoListSlice Of(string typeName, object?[] items) => new(typeName, items, isNil: false);

    /// <summary>A nil slice of type <paramref name="typeName"/>.</summary>
    public static GoListSlice NilOf(string typeName) => new(typeName, [], isNil: true);

    /// <summary>A <c>[]interface {}</c>.</summary>
    public static GoListSlice Any(params object?[] items) => new(GoTypeNames.AnySlice, items, isNil: false);

    /// <summary>A <c>[]string</c>.</summary>
    public static GoListSlice Strings(IReadOnlyList<string> items)
    {
        var boxed = new object?[items.Count];
        for (int i = 0; i < boxed.Length; i++)
        {
            boxed[i] = items[i];
        }
        return new(GoTypeNames.StringSlice, boxed, isNil: false);
    }

    public override string TypeName { get; }

    public override int Count => items.Length;

    public override object? this[int index] => items[index];

    public override bool IsNil { get; }

    internal ReadOnlySpan<object?> Items => items;
}
