using System.Runtime.CompilerServices;
using Injector.Templates.Execution;
using Injector.Templates.Values;

namespace Injector.Templates.Functions.Sprig;

/// <summary>Sprig's dictionary functions (dict.go; <c>merge</c> follows mergo's rules for map values). Maps shared by
/// every injection (revision values) cannot be changed: <c>set</c>, <c>unset</c> and <c>merge</c> into them fail.</summary>
internal static class DictFunctions
{
    public static void Register(FunctionRegistry r)
    {
        r.AddVariadic("dict", static (e, a) => Slot.Of(Dict(e, a)), ParamType.Any);
        r.AddReturningAny("get", static (_, a) => Slot.Of(Get(SprigValues.AnyMap(a[0]), Str(a[1]))), ParamType.AnyMap, ParamType.String);
        r.Add("set", static (_, a) => Slot.Of(SetKey(SprigValues.AnyMap(a[0]), Str(a[1]), a[2].Value)), ParamType.AnyMap, ParamType.String, ParamType.Any);
        r.Add("unset", static (_, a) => Slot.Of(Unset(SprigValues.AnyMap(a[0]), Str(a[1]))), ParamType.AnyMap, ParamType.String);
        r.Add("hasKey", static (e, a) => Slot.Of(SprigValues.AnyMap(a[0]).TryGetValue(Str(a[1]), out _)), ParamType.AnyMap, ParamType.String);
        r.AddVariadic("pluck", static (e, a) => Slot.Of(Pluck(e, Str(a[0]), a[1..])), ParamType.AnyMap, ParamType.String);
        r.AddVariadic("keys", static (e, a) => Slot.Of(Keys(e, a)), ParamType.AnyMap);
        r.AddVariadic("pick", static (e, a) => Slot.Of(Pick(e, SprigValues.AnyMap(a[0]), a[1..])), ParamType.String, ParamType.AnyMap);
        r.AddVariadic("omit", static (e, a) => Slot.Of(Omit(e, SprigValues.AnyMap(a[0]), a[1..])), ParamType.String, ParamType.AnyMap);
        r.Add("values", static (e, a) => Slot.Of(Values(e, SprigValues.AnyMap(a[0]))), ParamType.AnyMap);
        r.AddVariadicReturningAny("merge", static (e, a) => Merge(e, a, overwrite: false, swallow: true), ParamType.AnyMap, ParamType.AnyMap);
        r.AddVariadicReturningAny("mustMerge", static (e, a) => Merge(e, a, overwrite: false, swallow: false), ParamType.AnyMap, ParamType.AnyMap);
        r.AddVariadicReturningAny("mergeOverwrite", static (e, a) => Merge(e, a, overwrite: true, swallow: true), ParamType.AnyMap, ParamType.AnyMap);
        r.AddVariadicReturningAny("mustMergeOverwrite", static (e, a) => Merge(e, a, overwrite: true, swallow: false), ParamType.AnyMap, ParamType.AnyMap);
        r.AddReturningAny("deepCopy", static (e, a) => Slot.Of(SprigValues.DeepCopy(e, a[0].Value)), ParamType.Any);
        r.AddReturningAny("mustDeepCopy", static (e, a) => Slot.Of(SprigValues.DeepCopy(e, a[0].Value)), ParamType.Any);
        r.AddVariadicReturningAny("dig", static (_, a) => Slot.Of(Dig(a)), ParamType.Any);
    }

    private static string Str(Slot slot) => (string)slot.Value!;

    private static GoAnyMap Dict(TemplateExecution execution, ReadOnlySpan<Slot> args)
    {
        execution.ChargeElements(args.Length);
        var map = GoAnyMap.Mutable();
        for (int i = 0; i < args.Length; i += 2)
        {
            string key = SprigValues.StrVal(execution, args[i].Value);
            map.Set(key, i + 1 < args.Length ? args[i + 1].Value : "");
        }
        return map;
    }

    private static object? Get(GoMap map, string key) => map.TryGetValue(key, out var value) ? value : "";

    private static GoMap SetKey(GoMap map, string key, object? value)
    {
        SprigValues.Set(map, key, value);
        return map;
    }

    private static GoMap Unset(GoMap map, string key)
    {
        SprigValues.Remove(map, key);
        return map;
    }

    private static GoListSlice Pluck(TemplateExecution execution, string key, ReadOnlySpan<Slot> maps)
    {
        var result = new List<object?>();
        foreach (var map in maps)
        {
            if (SprigValues.AnyMap(map).TryGetValue(key, out var value))
            {
                result.Add(value);
            }
        }
        execution.ChargeElements(result.Count);
        return GoListSlice.Any([.. result]);
    }

    /// <summary>The keys of each map. Go's map order is random; the injector gives each map's keys sorted.</summary>
    private static GoListSlice Keys(TemplateExecution execution, ReadOnlySpan<Slot> maps)
    {
        var keys = new List<string>();
        foreach (var map in maps)
        {
            foreach (var (key, _) in SprigValues.AnyMap(map).SortedEntries)
            {
                keys.Add(key);
            }
        }
        execution.ChargeElements(keys.Count);
        return GoListSlice.Strings(keys);
    }

    private static GoAnyMap Pick(TemplateExecution execution, GoMap map, ReadOnlySpan<Slot> keys)
    {
        var result = GoAnyMap.Mutable();
        foreach (var key in keys)
        {
            if (map.TryGetValue(Str(key), out var value))
            {
                result.Set(Str(key), value);
            }
        }
        execution.ChargeElements(result.Count);
        return result;
    }

    private static GoAnyMap Omit(TemplateExecution execution, GoMap map, ReadOnlySpan<Slot> keys)
    {
        var omitted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            omitted.Add(Str(key));
        }
        var result = GoAnyMap.Mutable();
        foreach (var (key, value) in map.SortedEntries)
        {
            if (!omitted.Contains(key))
            {
                result.Set(key, value);
            }
        }
        execution.ChargeElements(result.Count);
        return result;
    }

    /// <summary>The values, in the order of their sorted keys (Go's order is random).</summary>
    private static GoListSlice Values(TemplateExecution execution, GoMap map)
    {
        var values = new object?[map.Count];
        int i = 0;
        foreach (var (_, value) in map.SortedEntries)
        {
            values[i++] = value;
        }
        execution.ChargeElements(values.Length);
        return GoListSlice.Any(values);
    }

    private static Slot Merge(TemplateExecution execution, ReadOnlySpan<Slot> args, bool overwrite, bool swallow)
    {
        _ = swallow; // mergo fails only on type mismatches, which the parameter types already rule out.
        var destination = SprigValues.AnyMap(args[0]);
        foreach (var source in args[1..])
        {
            var map = SprigValues.AnyMap(source);
            if (map.IsNil)
            {
                continue;
            }
            if (destination.IsNil)
            {
                // mergo makes a new map for a nil destination (Sprig's local copy of it).
                destination = GoAnyMap.Mutable();
            }
            else if (!destination.IsMutable)
            {
                throw new GoCallException("the map is shared by every injection and cannot be changed (copy it with deepCopy first)");
            }
            MergeInto(execution, destination, map, overwrite, 0);
        }
        return Slot.Of(destination);
    }

    /// <summary>mergo's map merge: missing or empty keys take the source's value; maps merge recursively; with
    /// <paramref name="overwrite"/> every non-map source value replaces the destination's (nil included).</summary>
    private static void MergeInto(TemplateExecution execution, GoMap destination, GoMap source, bool overwrite, int depth)
    {
        if (depth > execution.Limits.MaxValueDepth)
        {
            throw new TemplateLimitException("value nested deeper than " + execution.Limits.MaxValueDepth + " levels");
        }
        RuntimeHelpers.EnsureSufficientExecutionStack();
        foreach (var (key, sourceValue) in source.SortedEntries)
        {
            execution.Step();
            bool present = destination.TryGetValue(key, out var destinationValue);
            if (sourceValue is null)
            {
                if (overwrite)
                {
                    Put(destination, key, null);
                }
                continue;
            }
            if (sourceValue is GoMap sourceMap && present && destinationValue is GoMap destinationMap && !destinationMap.IsNil)
            {
                if (destinationMap.IsMutable)
                {
                    MergeInto(execution, destinationMap, sourceMap, overwrite, depth + 1);
                    continue;
                }
                // A shared nested map is copied before it changes (the copy is this run's).
                var copy = (GoMap)SprigValues.DeepCopy(execution, destinationMap)!;
                MergeInto(execution, copy, sourceMap, overwrite, depth + 1);
                Put(destination, key, copy);
                continue;
            }
            if (overwrite || !present || SprigValues.Empty(destinationValue))
            {
                Put(destination, key, sourceValue);
            }
        }
    }

    private static void Put(GoMap map, string key, object? value)
    {
        if (map.IsMutable)
        {
            map.Set(key, value);
        }
        else
        {
            SprigValues.Set(map, key, value);
        }
    }

    private static object? Dig(ReadOnlySpan<Slot> args)
    {
        if (args.Length < 3)
        {
            throw new GoCallException("dig needs at least three arguments");
        }
        var last = args[^1].Value;
        if (last is not GoAnyMap map)
        {
            throw new GoCallException("interface conversion: interface {} is " + (last is null ? "nil" : GoTypeNames.Of(last)) + ", not map[string]interface {}");
        }
        var fallback = args[^2].Value;
        var keys = new string[args.Length - 2];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = args[i].Value as string
                ?? throw new GoCallException("interface conversion: interface {} is " + (args[i].Value is null ? "nil" : GoTypeNames.Of(args[i].Value)) + ", not string");
        }
        GoMap current = map;
        for (int i = 0; ; i++)
        {
            if (!current.TryGetValue(keys[i], out var step))
            {
                return fallback;
            }
            if (i == keys.Length - 1)
            {
                return step;
            }
            if (step is not GoAnyMap next)
            {
                throw new GoCallException("interface conversion: interface {} is " + (step is null ? "nil" : GoTypeNames.Of(step)) + ", not map[string]interface {}");
            }
            current = next;
        }
    }
}
