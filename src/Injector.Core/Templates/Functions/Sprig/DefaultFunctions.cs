using Injector.Templates.Execution;
using Injector.Templates.Json;
using Injector.Templates.Values;

namespace Injector.Templates.Functions.Sprig;

/// <summary>Sprig's defaults, flow control and JSON functions (defaults.go, functions.go).</summary>
internal static class DefaultFunctions
{
    public static void Register(FunctionRegistry r)
    {
        r.AddVariadicReturningAny("default", static (_, a) => Slot.Of(Default(a)), ParamType.Any, ParamType.Any);
        r.Add("empty", static (_, a) => Slot.Of(SprigValues.Empty(a[0].Value)), ParamType.Any);
        r.AddVariadicReturningAny("coalesce", static (_, a) => Slot.Of(Coalesce(a)), ParamType.Any);
        r.AddVariadic("all", static (_, a) => Slot.Of(All(a)), ParamType.Any);
        r.AddVariadic("any", static (_, a) => Slot.Of(Any(a)), ParamType.Any);
        r.AddReturningAny("ternary", static (_, a) => Slot.Of((bool)a[2].Value! ? a[0].Value : a[1].Value), ParamType.Any, ParamType.Any, ParamType.Bool);
        r.Add("fail", static (_, a) => throw new GoCallException((string)a[0].Value!), ParamType.String);

        r.AddReturningAny("fromJson", static (e, a) => Slot.Of(FromJson(e, (string)a[0].Value!, must: false)), ParamType.String);
        r.AddReturningAny("mustFromJson", static (e, a) => Slot.Of(FromJson(e, (string)a[0].Value!, must: true)), ParamType.String);
        r.Add("toJson", static (e, a) => Slot.Of(ToJson(e, a[0].Value, escapeHtml: true, indent: null, must: false)), ParamType.Any);
        r.Add("mustToJson", static (e, a) => Slot.Of(ToJson(e, a[0].Value, escapeHtml: true, indent: null, must: true)), ParamType.Any);
        r.Add("toPrettyJson", static (e, a) => Slot.Of(ToJson(e, a[0].Value, escapeHtml: true, indent: "  ", must: false)), ParamType.Any);
        r.Add("mustToPrettyJson", static (e, a) => Slot.Of(ToJson(e, a[0].Value, escapeHtml: true, indent: "  ", must: true)), ParamType.Any);
        // toRawJson panics where mustToRawJson returns the error: both fail the template.
        r.Add("toRawJson", static (e, a) => Slot.Of(ToJson(e, a[0].Value, escapeHtml: false, indent: null, must: true)), ParamType.Any);
        r.Add("mustToRawJson", static (e, a) => Slot.Of(ToJson(e, a[0].Value, escapeHtml: false, indent: null, must: true)), ParamType.Any);
    }

    private static object? Default(ReadOnlySpan<Slot> args)
    {
        if (args.Length == 1 || SprigValues.Empty(args[1].Value))
        {
            return args[0].Value;
        }
        return args[1].Value;
    }

    private static object? Coalesce(ReadOnlySpan<Slot> args)
    {
        foreach (var arg in args)
        {
            if (!SprigValues.Empty(arg.Value))
            {
                return arg.Value;
            }
        }
        return null;
    }

    private static bool All(ReadOnlySpan<Slot> args)
    {
        foreach (var arg in args)
        {
            if (SprigValues.Empty(arg.Value))
            {
                return false;
            }
        }
        return true;
    }

    private static bool Any(ReadOnlySpan<Slot> args)
    {
        foreach (var arg in args)
        {
            if (!SprigValues.Empty(arg.Value))
            {
                return true;
            }
        }
        return false;
    }

    internal static object? FromJson(TemplateExecution execution, string json, bool must)
    {
        execution.ChargeWork(json.Length);
        if (GoJsonParser.TryParse(json, execution.Limits.MaxValueDepth, out var value, out var error))
        {
            return value;
        }
        if (must)
        {
            throw new GoCallException(error!);
        }
        return null;
    }

    private static string ToJson(TemplateExecution execution, object? value, bool escapeHtml, string? indent, bool must)
    {
        try
        {
            return GoJsonWriter.Marshal(value, execution, escapeHtml, indent);
        }
        catch (GoCallException) when (!must)
        {
            return "";
        }
    }
}
