using Injector.Templates.Values;

namespace Injector.Templates.Functions.Istio;

/// <summary>
/// Reads Go structs the way Istio's functions do (<c>meta.Annotations</c>, <c>mc.GetExtensionProviders()</c>), through
/// the <see cref="GoStruct"/> API only, so any view works; a map standing in for a struct (test data) is read by the
/// Go field name or its JSON spelling (<c>containerPort</c>).
/// </summary>
internal static class GoAccess
{
    /// <summary>A field by Go name; null for a nil pointer or a missing key.</summary>
    public static object? Field(object? value, string name)
    {
        switch (value)
        {
            case GoStruct structure:
                return structure.TryGetField(name, out var field) ? field : null;
            case GoMap map:
                if (map.TryGetValue(name, out var element) || map.TryGetValue(JsonName(name), out element))
                {
                    return element;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>A protobuf getter (<c>GetOpentelemetry</c>): the method when the view has it (nil receivers
    /// included), else the field it reads.</summary>
    public static object? Get(object? value, string getter)
    {
        switch (value)
        {
            case GoStruct structure when structure.TryGetMethod(getter, out var method) && method is not null:
                return method([]);
            case GoNilPointer nil:
                return nil.FindMethod(getter) is { } nilMethod ? nilMethod([]) : null;
        }
        return Field(value, getter.StartsWith("Get", StringComparison.Ordinal) ? getter[3..] : getter);
    }

    public static string String(object? value) => value as string ?? "";

    public static IEnumerable<object?> Items(object? value)
    {
        if (value is GoSlice slice)
        {
            for (int i = 0; i < slice.Count; i++)
            {
                yield return slice[i];
            }
        }
    }

    public static int Count(object? value) => value is GoSlice slice ? slice.Count : 0;

    /// <summary>An integer field (int32 in Go; a float64 when the stand-in came from JSON).</summary>
    public static long Integer(object? value) => value switch
    {
        long l => l,
        double d => (long)d,
        GoEnum e => e.Number,
        _ => 0,
    };

    /// <summary>The annotations and labels maps (map[string]string; a map[string]interface {} stand-in works too).</summary>
    public static bool TryGetString(object? map, string key, out string value)
    {
        if (map is GoMap goMap && goMap.TryGetValue(key, out var element))
        {
            value = element as string ?? "";
            return true;
        }
        value = "";
        return false;
    }

    private static string JsonName(string goName) =>
        goName.Length == 0 ? goName : char.ToLowerInvariant(goName[0]) + goName[1..];
}
