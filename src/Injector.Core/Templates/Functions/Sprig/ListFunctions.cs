using Injector.Templates.Execution;
using Injector.Templates.Values;

namespace Injector.Templates.Functions.Sprig;

/// <summary>Sprig's list functions (list.go). The plain forms panic where the <c>must</c> forms return an error: in a
/// template both end as "error calling NAME: ...".</summary>
internal static class ListFunctions
{
    public static void Register(FunctionRegistry r)
    {
        r.AddVariadic("list", static (e, a) => Slot.Of(List(e, a)), ParamType.Any);
        r.Alias("tuple", "list");
        foreach (var name in new[] { "append", "push", "mustAppend", "mustPush" })
        {
            r.Add(name, static (e, a) => Slot.Of(Push(e, a[0].Value, a[1].Value, "push")), ParamType.Any, ParamType.Any);
        }
        foreach (var name in new[] { "prepend", "mustPrepend" })
        {
            r.Add(name, static (e, a) => Slot.Of(Prepend(e, a[0].Value, a[1].Value)), ParamType.Any, ParamType.Any);
        }
        foreach (var name in new[] { "first", "mustFirst" })
        {
            r.AddReturningAny(name, static (_, a) => Slot.Of(First(a[0].Value)), ParamType.Any);
        }
        foreach (var name in new[] { "last", "mustLast" })
        {
            r.AddReturningAny(name, static (_, a) => Slot.Of(Last(a[0].Value)), ParamType.Any);
        }
        foreach (var name in new[] { "rest", "mustRest" })
        {
            r.Add(name, static (e, a) => Slot.Of(Rest(e, a[0].Value)), ParamType.Any);
        }
        foreach (var name in new[] { "initial", "mustInitial" })
        {
            r.Add(name, static (e, a) => Slot.Of(Initial(e, a[0].Value)), ParamType.Any);
        }
        foreach (var name in new[] { "reverse", "mustReverse" })
        {
            r.Add(name, static (e, a) => Slot.Of(Reverse(e, a[0].Value)), ParamType.Any);
        }
        foreach (var name in new[] { "uniq", "mustUniq" })
        {
            r.Add(name, static (e, a) => Slot.Of(Uniq(e, a[0].Value)), ParamType.Any);
        }
        foreach (var name in new[] { "without", "mustWithout" })
        {
            r.AddVariadic(name, static (e, a) => Slot.Of(Without(e, a[0].Value, a[1..])), ParamType.Any, ParamType.Any);
        }
        foreach (var name in new[] { "has", "mustHas" })
        {
            r.Add(name, static (e, a) => Slot.Of(Has(e, a[0].Value, a[1].Value)), ParamType.Any, ParamType.Any);
        }
        foreach (var name in new[] { "slice", "mustSlice" })
        {
            r.AddVariadicReturningAny(name, static (e, a) => Slot.Of(SliceList(e, a[0].Value, a[1..])), ParamType.Any, ParamType.Any);
        }
        r.AddVariadicReturningAny("concat", static (e, a) => Slot.Of(Concat(e, a)), ParamType.Any);
        foreach (var name in new[] { "chunk", "mustChunk" })
        {
            r.Add(name, static (e, a) => Slot.Of(Chunk(e, (long)a[0].Value!, a[1].Value)), ParamType.Int, ParamType.Any);
        }
        foreach (var name in new[] { "compact", "mustCompact" })
        {
            r.Add(name, static (e, a) => Slot.Of(Compact(e, a[0].Value)), ParamType.Any);
        }
        r.Add("sortAlpha", static (e, a) => Slot.Of(SortAlpha(e, a[0].Value)), ParamType.Any);
    }

    private static GoListSlice List(TemplateExecution execution, ReadOnlySpan<Slot> args)
    {
        execution.ChargeElements(args.Length);
        var items = new object?[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            items[i] = args[i].Value;
        }
        return GoListSlice.Any(items);
    }

    private static object?[] Copy(TemplateExecution execution, GoSlice slice, int extra)
    {
        execution.ChargeElements(slice.Count + extra);
        execution.Step(slice.Count);
        var items = new object?[slice.Count + extra];
        for (int i = 0; i < slice.Count; i++)
        {
            items[i] = slice[i];
        }
        return items;
    }

    private static GoListSlice Push(TemplateExecution execution, object? list, object? value, string action)
    {
        var slice = SprigValues.Slice(list, action);
        var items = Copy(execution, slice, 1);
        items[^1] = value;
        return GoListSlice.Any(items);
    }

    private static GoListSlice Prepend(TemplateExecution execution, object? list, object? value)
    {
        var slice = SprigValues.Slice(list, "prepend");
        execution.ChargeElements(slice.Count + 1);
        var items = new object?[slice.Count + 1];
        items[0] = value;
        for (int i = 0; i < slice.Count; i++)
        {
            items[i + 1] = slice[i];
        }
        return GoListSlice.Any(items);
    }

    private static object? First(object? list)
    {
        var slice = SprigValues.Slice(list, "find first");
        return slice.Count == 0 ? null : slice[0];
    }

    private static object? Last(object? list)
    {
        var slice = SprigValues.Slice(list, "find last");
        return slice.Count == 0 ? null : slice[^1];
    }

    private static GoListSlice Rest(TemplateExecution execution, object? list)
    {
        var slice = SprigValues.Slice(list, "find rest");
        if (slice.Count == 0)
        {
            return GoListSlice.NilOf(GoTypeNames.AnySlice);
        }
        var items = new object?[slice.Count - 1];
        execution.ChargeElements(items.Length);
        for (int i = 1; i < slice.Count; i++)
        {
            items[i - 1] = slice[i];
        }
        return GoListSlice.Any(items);
    }

    private static GoListSlice Initial(TemplateExecution execution, object? list)
    {
        var slice = SprigValues.Slice(list, "find initial");
        if (slice.Count == 0)
        {
            return GoListSlice.NilOf(GoTypeNames.AnySlice);
        }
        var items = new object?[slice.Count - 1];
        execution.ChargeElements(items.Length);
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = slice[i];
        }
        return GoListSlice.Any(items);
    }

    private static GoListSlice Reverse(TemplateExecution execution, object? list)
    {
        var slice = SprigValues.Slice(list, "find reverse");
        var items = Copy(execution, slice, 0);
        Array.Reverse(items);
        return GoListSlice.Any(items);
    }

    private static GoListSlice Uniq(TemplateExecution execution, object? list)
    {
        var slice = SprigValues.Slice(list, "find uniq");
        var result = new List<object?>();
        for (int i = 0; i < slice.Count; i++)
        {
            var item = slice[i];
            if (!Contains(execution, result, item))
            {
                result.Add(item);
            }
        }
        execution.ChargeElements(result.Count);
        return GoListSlice.Any([.. result]);
    }

    private static bool Contains(TemplateExecution execution, List<object?> haystack, object? needle)
    {
        foreach (var candidate in haystack)
        {
            if (SprigValues.DeepEqual(execution, needle, candidate))
            {
                return true;
            }
        }
        return false;
    }

    private static GoListSlice Without(TemplateExecution execution, object? list, ReadOnlySpan<Slot> omit)
    {
        var slice = SprigValues.Slice(list, "find without");
        var omitted = new List<object?>(omit.Length);
        foreach (var o in omit)
        {
            omitted.Add(o.Value);
        }
        var result = new List<object?>();
        for (int i = 0; i < slice.Count; i++)
        {
            if (!Contains(execution, omitted, slice[i]))
            {
                result.Add(slice[i]);
            }
        }
        execution.ChargeElements(result.Count);
        return GoListSlice.Any([.. result]);
    }

    private static bool Has(TemplateExecution execution, object? needle, object? haystack)
    {
        if (haystack is null)
        {
            return false;
        }
        var slice = SprigValues.Slice(haystack, "find has");
        for (int i = 0; i < slice.Count; i++)
        {
            if (SprigValues.DeepEqual(execution, needle, slice[i]))
            {
                return true;
            }
        }
        return false;
    }

    private static object? SliceList(TemplateExecution execution, object? list, ReadOnlySpan<Slot> indices)
    {
        if (list is null)
        {
            throw new GoCallException(SprigValues.NilDereference);
        }
        if (list is not GoSlice slice)
        {
            throw new GoCallException("list should be type of slice or array but " + SprigValues.KindName(list));
        }
        if (slice.Count == 0)
        {
            return null;
        }
        long start = indices.Length > 0 ? GoCast.ToInt64(indices[0].Value) : 0;
        long end = indices.Length < 2 ? slice.Count : GoCast.ToInt64(indices[1].Value);
        if (start < 0 || end < start || end > slice.Count)
        {
            throw new GoCallException("reflect.Value.Slice: slice index out of bounds");
        }
        var items = new object?[end - start];
        execution.ChargeElements(items.Length);
        for (long i = start; i < end; i++)
        {
            items[i - start] = slice[(int)i];
        }
        return GoListSlice.Of(slice.TypeName, items);
    }

    private static object? Concat(TemplateExecution execution, ReadOnlySpan<Slot> lists)
    {
        List<object?>? result = null;
        foreach (var list in lists)
        {
            if (list.Value is null)
            {
                throw new GoCallException(SprigValues.NilDereference);
            }
            if (list.Value is not GoSlice slice)
            {
                throw new GoCallException("Cannot concat type " + SprigValues.KindName(list.Value) + " as list");
            }
            execution.ChargeElements(slice.Count);
            for (int i = 0; i < slice.Count; i++)
            {
                (result ??= []).Add(slice[i]);
            }
        }
        return result is null ? GoListSlice.NilOf(GoTypeNames.AnySlice) : GoListSlice.Any([.. result]);
    }

    private static GoListSlice Chunk(TemplateExecution execution, long size, object? list)
    {
        var slice = SprigValues.Slice(list, "chunk");
        long length = slice.Count;
        // Sprig computes the chunk count with floats; a size of 0 or less makes Go's make() panic.
        long chunks = GoCast.Truncate(Math.Floor((double)(length - 1) / size) + 1);
        if (chunks < 0 || chunks > int.MaxValue)
        {
            throw new GoCallException("runtime error: makeslice: len out of range");
        }
        execution.ChargeElements(chunks + length);
        var result = new object?[chunks];
        for (long i = 0; i < chunks; i++)
        {
            long chunkLength = size;
            if (i == chunks - 1)
            {
                chunkLength = GoCast.Truncate(Math.Floor((double)length % size));
                if (chunkLength == 0)
                {
                    chunkLength = size;
                }
            }
            var items = new object?[chunkLength];
            for (long j = 0; j < chunkLength; j++)
            {
                long index = i * size + j;
                if (index >= length)
                {
                    throw new GoCallException("reflect: slice index out of range");
                }
                items[j] = slice[(int)index];
            }
            result[i] = GoListSlice.Any(items);
        }
        return GoListSlice.Of("[][]interface {}", result);
    }

    private static GoListSlice Compact(TemplateExecution execution, object? list)
    {
        var slice = SprigValues.Slice(list, "compact");
        var result = new List<object?>();
        for (int i = 0; i < slice.Count; i++)
        {
            execution.Step();
            if (!SprigValues.Empty(slice[i]))
            {
                result.Add(slice[i]);
            }
        }
        execution.ChargeElements(result.Count);
        return GoListSlice.Any([.. result]);
    }

    private static GoListSlice SortAlpha(TemplateExecution execution, object? list)
    {
        if (list is GoSlice)
        {
            var strings = StringFunctions.StringSlice(execution, list);
            strings.Sort(GoStringOrder.Instance);
            return GoListSlice.Strings(strings);
        }
        return GoListSlice.Strings([SprigValues.StrVal(execution, list)]);
    }
}
