using System.Runtime.CompilerServices;
using Injector.Templates.Execution;
using Injector.Templates.Values;

namespace Injector.Templates.Functions.Sprig;

/// <summary>What Sprig does with reflection, over the value model: emptiness, <c>strval</c>, <c>reflect.DeepEqual</c>,
/// deep copies, and the reflect kind names its error messages use.</summary>
internal static class SprigValues
{
    /// <summary>The panic Go raises for <c>reflect.TypeOf(nil).Kind()</c>.</summary>
    public const string NilDereference = "runtime error: invalid memory address or nil pointer dereference";

    /// <summary>Sprig's <c>empty</c>: zero values (and nil) are empty; structs never are.</summary>
    public static bool Empty(object? value) => value switch
    {
        null => true,
        bool b => !b,
        long l => l == 0,
        double d => d == 0,
        string s => s.Length == 0,
        GoEnum e => e.Number == 0,
        GoMap map => map.Count == 0,
        GoSlice slice => slice.Count == 0,
        GoNilPointer => true,
        _ => false,
    };

    /// <summary>Sprig's <c>strval</c>: strings as they are, Stringers by their method, the rest as <c>%v</c>.</summary>
    public static string StrVal(TemplateExecution execution, object? value) => value switch
    {
        string s => s,
        GoEnum e => e.Name,
        GoStruct st => st.FormatValue(),
        _ => execution.Sprint(value),
    };

    /// <summary>The name of <c>reflect.Kind</c> of the value (<c>string</c>, <c>slice</c>, <c>map</c>, <c>ptr</c>...).</summary>
    public static string KindName(object? value) => value switch
    {
        null => "invalid",
        string => "string",
        long => "int",
        double => "float64",
        bool => "bool",
        GoEnum => "int32",
        GoMap => "map",
        GoSlice => "slice",
        GoNilPointer => "ptr",
        GoStruct s => s.TypeName.StartsWith('*') ? "ptr" : "struct",
        GoMethod => "func",
        _ => "invalid",
    };

    /// <summary>The elements of a slice, or the error Sprig's list functions give for anything else.</summary>
    public static GoSlice Slice(object? list, string action)
    {
        return list switch
        {
            GoSlice slice => slice,
            null => throw new GoCallException(NilDereference),
            _ => throw new GoCallException("Cannot " + action + " on type " + KindName(list)),
        };
    }


    /// <summary><c>reflect.DeepEqual</c> of two interface values.</summary>
    public static bool DeepEqual(TemplateExecution execution, object? a, object? b, int depth = 0)
    {
        execution.Step();
        if (depth > execution.Limits.MaxValueDepth)
        {
            throw new TemplateLimitException("value nested deeper than " + execution.Limits.MaxValueDepth + " levels");
        }
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (a is null || b is null)
        {
            return a is null && b is null;
        }
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        switch (a)
        {
            case string sa:
                return b is string sb && sa == sb;
            case long la:
                return b is long lb && la == lb;
            case double da:
                return b is double db && da == db;
            case bool ba:
                return b is bool bb && ba == bb;
            case GoEnum ea:
                return b is GoEnum eb && ea.TypeName == eb.TypeName && ea.Number == eb.Number;
            case GoNilPointer pa:
                return b is GoNilPointer pb && pa.TypeName == pb.TypeName;
            case GoMap ma:
            {
                if (b is not GoMap mb || ma.TypeName != mb.TypeName || ma.IsNil != mb.IsNil || ma.Count != mb.Count)
                {
                    return false;
                }
                foreach (var (key, value) in ma.SortedEntries)
                {
                    if (!mb.TryGetValue(key, out var other) || !DeepEqual(execution, value, other, depth + 1))
                    {
                        return false;
                    }
                }
                return true;
            }
            case GoSlice sa2:
            {
                if (b is not GoSlice sb2 || sa2.TypeName != sb2.TypeName || sa2.IsNil != sb2.IsNil || sa2.Count != sb2.Count)
                {
                    return false;
                }
                for (int i = 0; i < sa2.Count; i++)
                {
                    if (!DeepEqual(execution, sa2[i], sb2[i], depth + 1))
                    {
                        return false;
                    }
                }
                return true;
            }
            default:
                // Structs: the model has no field-wise comparison; the same view is equal to itself only.
                return false;
        }
    }

    /// <summary>A deep copy (<c>copystructure.Copy</c>): maps and slices are copied, mutable; the rest is shared
    /// (scalars and struct views are immutable).</summary>
    public static object? DeepCopy(TemplateExecution execution, object? value, int depth = 0)
    {
        execution.Step();
        execution.ChargeElements(1);
        if (depth > execution.Limits.MaxValueDepth)
        {
            throw new TemplateLimitException("value nested deeper than " + execution.Limits.MaxValueDepth + " levels");
        }
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case GoAnyMap map:
            {
                if (map.IsNil)
                {
                    return map;
                }
                var copy = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
                foreach (var (key, element) in map.SortedEntries)
                {
                    copy[key] = DeepCopy(execution, element, depth + 1);
                }
                return GoAnyMap.Wrap(copy, mutable: true);
            }
            case GoStringMap strings:
            {
                if (strings.IsNil)
                {
                    return strings;
                }
                var copy = new Dictionary<string, string>(strings.Count, StringComparer.Ordinal);
                foreach (var (key, element) in strings.SortedEntries)
                {
                    copy[key] = (string)element!;
                }
                return GoStringMap.Wrap(copy, mutable: true);
            }
            case GoSlice slice:
            {
                if (slice.IsNil)
                {
                    return slice;
                }
                var items = new object?[slice.Count];
                for (int i = 0; i < items.Length; i++)
                {
                    items[i] = DeepCopy(execution, slice[i], depth + 1);
                }
                return GoListSlice.Of(slice.TypeName, items);
            }
            default:
                return value;
        }
    }

    /// <summary>A map[string]interface {} argument (null: Go's nil map).</summary>
    public static GoMap AnyMap(Slot arg) => arg.Value as GoMap ?? GoAnyMap.Nil;

    /// <summary>Changes a map a template built; Go would change a shared one too, which the injector refuses.</summary>
    public static void Set(GoMap map, string key, object? value)
    {
        if (map.IsNil)
        {
            throw new GoCallException("assignment to entry in nil map");
        }
        if (!map.IsMutable)
        {
            throw new GoCallException("the map is shared by every injection and cannot be changed (copy it with deepCopy first)");
        }
        map.Set(key, value);
    }

    public static void Remove(GoMap map, string key)
    {
        if (map.IsNil || map.Count == 0 || !map.TryGetValue(key, out _))
        {
            return;
        }
        if (!map.IsMutable)
        {
            throw new GoCallException("the map is shared by every injection and cannot be changed (copy it with deepCopy first)");
        }
        map.Remove(key);
    }
}
