using Injector.Templates.Execution;
using Injector.Templates.Values;

namespace Injector.Templates.Functions.Builtins;

/// <summary>Go's <c>eq ne lt le gt ge</c>: basic kinds compare by value (any int kind with any other), nil with
/// anything nil-able, and mixing kinds is "incompatible types for comparison".</summary>
internal static class Comparison
{
    private enum Kind
    {
        Invalid,
        Bool,
        Int,
        Float,
        String,
    }

    private static Kind BasicKind(Slot value) => value.IsMissing ? Kind.Invalid : value.Value switch
    {
        bool => Kind.Bool,
        long or GoEnum => Kind.Int,
        double => Kind.Float,
        string => Kind.String,
        _ => Kind.Invalid,
    };

    private static long IntOf(Slot value) => value.Value is GoEnum e ? e.Number : (long)value.Value!;

    public static bool Eq(TemplateExecution execution, Slot arg1, ReadOnlySpan<Slot> others)
    {
        arg1 = arg1.Concrete();
        if (others.Length == 0)
        {
            throw new GoCallException("missing argument for comparison");
        }
        var k1 = BasicKind(arg1);
        foreach (var raw in others)
        {
            var arg = raw.Concrete();
            var k2 = BasicKind(arg);
            bool truth = false;
            if (k1 != k2)
            {
                if (!arg1.IsMissing && !arg.IsMissing)
                {
                    throw new GoCallException("incompatible types for comparison: " + GoTypeNames.Of(arg1.Value) + " and " + GoTypeNames.Of(arg.Value));
                }
            }
            else
            {
                switch (k1)
                {
                    case Kind.Bool:
                        truth = (bool)arg1.Value! == (bool)arg.Value!;
                        break;
                    case Kind.Float:
                        truth = (double)arg1.Value! == (double)arg.Value!;
                        break;
                    case Kind.Int:
                        truth = IntOf(arg1) == IntOf(arg);
                        break;
                    case Kind.String:
                        truth = (string)arg1.Value! == (string)arg.Value!;
                        break;
                    default:
                        truth = CompareNonBasic(execution, arg1, arg);
                        break;
                }
            }
            if (truth)
            {
                return true;
            }
        }
        return false;
    }

    private static bool CompareNonBasic(TemplateExecution execution, Slot a, Slot b)
    {
        string kindA = ReflectKind(a), kindB = ReflectKind(b);
        if (kindA != kindB && kindA != "invalid" && kindB != "invalid")
        {
            throw new GoCallException("non-comparable types " + execution.Sprint(a.Value) + ": " + GoTypeNames.Of(a.Value) + ", "
                + GoTypeNames.Of(b.Value) + ": " + execution.Sprint(b.Value));
        }
        if (IsNil(a) || IsNil(b))
        {
            return IsNil(a) == IsNil(b);
        }
        if (b.Value is GoMap or GoSlice or GoMethod)
        {
            throw new GoCallException("non-comparable type " + execution.Sprint(b.Value) + ": " + GoTypeNames.Of(b.Value));
        }
        // Structs and pointers: the model has no field-wise equality, so the same value is equal.
        return ReferenceEquals(a.Value, b.Value);
    }

    private static string ReflectKind(Slot value) => value.IsMissing ? "invalid" : value.Value switch
    {
        GoMap => "map",
        GoSlice => "slice",
        GoNilPointer => "ptr",
        GoStruct s => s.TypeName.StartsWith('*') ? "ptr" : "struct",
        GoMethod => "func",
        _ => "other",
    };

    private static bool IsNil(Slot value) => value.IsMissing || value.Value switch
    {
        null => true,
        GoMap map => map.IsNil,
        GoSlice slice => slice.IsNil,
        GoNilPointer => true,
        _ => false,
    };

    public static bool Lt(Slot arg1, Slot arg2)
    {
        arg1 = arg1.Concrete();
        var k1 = BasicKind(arg1);
        if (k1 == Kind.Invalid)
        {
            throw new GoCallException("invalid type for comparison");
        }
        arg2 = arg2.Concrete();
        var k2 = BasicKind(arg2);
        if (k2 == Kind.Invalid)
        {
            throw new GoCallException("invalid type for comparison");
        }
        if (k1 != k2)
        {
            throw new GoCallException("incompatible types for comparison: " + GoTypeNames.Of(arg1.Value) + " and " + GoTypeNames.Of(arg2.Value));
        }
        return k1 switch
        {
            Kind.Bool => throw new GoCallException("invalid type for comparison"),
            Kind.Float => (double)arg1.Value! < (double)arg2.Value!,
            Kind.Int => IntOf(arg1) < IntOf(arg2),
            _ => GoStringOrder.Instance.Compare((string)arg1.Value!, (string)arg2.Value!) < 0,
        };
    }

    public static bool Le(TemplateExecution execution, Slot arg1, Slot arg2) =>
        Lt(arg1, arg2) || Eq(execution, arg1, [arg2]);
}
