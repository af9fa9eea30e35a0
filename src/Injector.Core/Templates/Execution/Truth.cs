using Injector.Templates.Values;

namespace Injector.Templates.Execution;

/// <summary>Go's <c>isTrue</c>: the zero value of each type is false (empty strings, maps and slices, 0, nil).</summary>
internal static class Truth
{
    /// <summary>False when the value has no truth (a kind Go's templates cannot test).</summary>
    public static bool TryIsTrue(Slot value, out bool truth)
    {
        if (value.IsMissing)
        {
            truth = false;
            return true;
        }
        switch (value.Value)
        {
            case null:
                truth = false;
                return true;
            case bool b:
                truth = b;
                return true;
            case long l:
                truth = l != 0;
                return true;
            case double d:
                truth = d != 0;
                return true;
            case string s:
                truth = s.Length > 0;
                return true;
            case GoMap map:
                truth = map.Count > 0;
                return true;
            case GoSlice slice:
                truth = slice.Count > 0;
                return true;
            case GoEnum e:
                truth = e.Number != 0;
                return true;
            case GoNilPointer:
                truth = false;
                return true;
            case GoStruct or GoMethod:
                truth = true;
                return true;
            default:
                truth = false;
                return false;
        }
    }

    /// <summary>Go's <c>truth</c> (for <c>and</c>, <c>or</c>, <c>not</c>): the value inside an interface, anything
    /// untestable false.</summary>
    public static bool IsTrue(Slot value) => TryIsTrue(value.Concrete(), out bool truth) && truth;
}
