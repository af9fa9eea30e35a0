using Injector.Templates.Functions;
using Injector.Templates.Values;

namespace Injector.Templates.Execution;

/// <summary>Go's assignability, for the parameter types template functions have.</summary>
internal static class ArgumentTypes
{
    public static bool IsAssignable(object? value, ParamType type)
    {
        switch (type.Kind)
        {
            case ParamKind.Any:
            case ParamKind.Raw:
                return true;
            case ParamKind.String:
                return value is string;
            case ParamKind.Int:
                return value is long;
            case ParamKind.Float64:
                return value is double;
            case ParamKind.Bool:
                return value is bool;
            case ParamKind.Map:
                return value is GoMap map && map.TypeName == type.TypeName;
            case ParamKind.Slice:
                // A []interface {} stands in for a slice of structs (test data built from JSON).
                return value is GoSlice slice && (slice.TypeName == type.TypeName || slice.TypeName == GoTypeNames.AnySlice
                    && !GoTypeNames.HasInterfaceElements(type.TypeName));
            case ParamKind.Struct:
                // A map[string]interface {} stands in for a struct (data built from JSON): fields become keys.
                return value is GoStruct s && SameStruct(s.TypeName, type.TypeName) || IsStandIn(value);
            case ParamKind.PointerStruct:
                return value is GoStruct s2 && SameStruct(s2.TypeName, type.TypeName)
                    || value is GoNilPointer nil && SameStruct(nil.TypeName, type.TypeName)
                    || IsStandIn(value);
            case ParamKind.Proto:
                return value is IProtoMessageValue or GoNilPointer;
            default:
                return false;
        }
    }

    private static bool IsStandIn(object? value) => value is GoMap { TypeName: GoTypeNames.AnyMap };

    /// <summary>The same struct type, by value or by pointer (Go dereferences or takes the address once).</summary>
    public static bool SameStruct(string actual, string expected) =>
        actual.AsSpan().TrimStart('*').SequenceEqual(expected.AsSpan().TrimStart('*'));
}
