namespace Injector.Templates.Values;

/// <summary>Go type names as <c>%T</c> and Go's error messages print them, for the types the engine builds itself.</summary>
public static class GoTypeNames
{
    public const string Interface = "interface {}";
    public const string String = "string";
    public const string Int = "int";
    public const string Float64 = "float64";
    public const string Bool = "bool";
    public const string AnyMap = "map[string]interface {}";
    public const string StringMap = "map[string]string";
    public const string AnySlice = "[]interface {}";
    public const string StringSlice = "[]string";
    public const string IntSlice = "[]int";

    /// <summary>The Go type of a value in the model (<c>nil</c> for Go's nil interface, as <c>%T</c> prints it:
    /// <c>&lt;nil&gt;</c>).</summary>
    public static string Of(object? value) => value switch
    {
        null => "<nil>",
        string => String,
        long => Int,
        double => Float64,
        bool => Bool,
        GoValue go => go.TypeName,
        GoMethod => "func",
        _ => value.GetType().Name,
    };

    /// <summary>The element type of a slice or map type name (<c>[]string</c> → <c>string</c>,
    /// <c>map[string]interface {}</c> → <c>interface {}</c>); the whole name when it is neither.</summary>
    public static string ElementOf(string typeName)
    {
        if (typeName.StartsWith("[]", StringComparison.Ordinal))
        {
            return typeName[2..];
        }
        if (typeName.StartsWith("map[", StringComparison.Ordinal))
        {
            // Keys of the maps in this model are plain named types: the first ']' closes the key.
            int close = typeName.IndexOf(']');
            return close > 0 ? typeName[(close + 1)..] : typeName;
        }
        return typeName;
    }

    /// <summary>Whether values of the element type are held in interfaces (<c>[]interface {}</c>, <c>map[string]any</c>):
    /// Go then reports the interface type, not the dynamic one, in field errors.</summary>
    public static bool HasInterfaceElements(string typeName)
    {
        // Called on every map and slice read: no substring.
        var name = typeName.AsSpan();
        if (name.StartsWith("[]"))
        {
            return name[2..].StartsWith("interface");
        }
        if (name.StartsWith("map["))
        {
            int close = name.IndexOf(']');
            return close > 0 && name[(close + 1)..].StartsWith("interface");
        }
        return false;
    }
}
