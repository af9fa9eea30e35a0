using System.Text;
using Injector.Templates.Execution;
using Injector.Templates.Formatting;
using Injector.Templates.Values;

namespace Injector.Templates.Functions.Builtins;

/// <summary>
/// Go's <c>text/template</c> builtins: <c>and or not</c>, the comparisons, <c>index len call</c>, <c>print printf
/// println</c>, <c>html js urlquery</c>. (Go's <c>slice</c> is shadowed by Sprig's <c>slice</c> in istiod's table.)
/// </summary>
internal static class GoBuiltins
{
    public static void Register(FunctionRegistry r)
    {
        // and/or are evaluated by the executor (they short-circuit); the bodies never run.
        r.AddVariadicReturningAny("and", static (_, args) => args[^1], ParamType.Raw, ParamType.Raw);
        r.AddVariadicReturningAny("or", static (_, args) => args[^1], ParamType.Raw, ParamType.Raw);
        r.Add("not", static (_, args) => Slot.Of(!Truth.IsTrue(args[0])), ParamType.Raw);

        r.AddVariadic("eq", static (e, args) => Slot.Of(Comparison.Eq(e, args[0], args[1..])), ParamType.Raw, ParamType.Raw);
        r.Add("ne", static (e, args) => Slot.Of(!Comparison.Eq(e, args[0], args[1..])), ParamType.Raw, ParamType.Raw);
        r.Add("lt", static (_, args) => Slot.Of(Comparison.Lt(args[0], args[1])), ParamType.Raw, ParamType.Raw);
        r.Add("le", static (e, args) => Slot.Of(Comparison.Le(e, args[0], args[1])), ParamType.Raw, ParamType.Raw);
        r.Add("gt", static (e, args) => Slot.Of(!Comparison.Le(e, args[0], args[1])), ParamType.Raw, ParamType.Raw);
        r.Add("ge", static (_, args) => Slot.Of(!Comparison.Lt(args[0], args[1])), ParamType.Raw, ParamType.Raw);

        r.AddVariadicReturningAny("index", static (_, args) => Index(args[0], args[1..]), ParamType.Raw, ParamType.Raw);
        r.Add("len", static (_, args) => Slot.Of((long)Length(args[0])), ParamType.Raw);
        r.AddVariadicReturningAny("call", static (_, args) => Call(args[0], args[1..]), ParamType.Raw, ParamType.Raw);

        r.AddVariadic("print", static (e, args) => Slot.Of(e.Sprint(Values(args))), ParamType.Any);
        r.AddVariadic("printf", static (e, args) => Slot.Of(e.Sprintf((string)args[0].Value!, Values(args[1..]))), ParamType.Any, ParamType.String);
        r.AddVariadic("println", static (e, args) => Slot.Of(e.Sprintln(Values(args))), ParamType.Any);

        r.AddVariadic("html", static (e, args) => Slot.Of(HtmlEscape(ArgsText(e, args))), ParamType.Any);
        r.AddVariadic("js", static (e, args) => Slot.Of(JsEscape(ArgsText(e, args))), ParamType.Any);
        r.AddVariadic("urlquery", static (e, args) => Slot.Of(QueryEscape(ArgsText(e, args))), ParamType.Any);
    }

    /// <summary>The values of checked arguments, for <c>fmt</c>.</summary>
    internal static object?[] Values(ReadOnlySpan<Slot> args)
    {
        var values = new object?[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            values[i] = args[i].Value;
        }
        return values;
    }

    private static Slot Index(Slot item, ReadOnlySpan<Slot> indexes)
    {
        item = item.Concrete();
        if (item.IsMissing)
        {
            throw new GoCallException("index of untyped nil");
        }
        foreach (var raw in indexes)
        {
            var index = raw.Concrete();
            if (item.IsMissing || item.IsNilInterface || item.Value is GoNilPointer)
            {
                throw new GoCallException("index of nil pointer");
            }
            switch (item.Value)
            {
                case GoSlice slice:
                {
                    int x = IndexArgument(index, slice.Count);
                    if (x == slice.Count)
                    {
                        throw new GoCallException("reflect: slice index out of range");
                    }
                    item = Slot.Element(slice[x], GoTypeNames.HasInterfaceElements(slice.TypeName));
                    break;
                }
                case string text:
                {
                    byte[] bytes = Encoding.UTF8.GetBytes(text);
                    int x = IndexArgument(index, bytes.Length);
                    if (x == bytes.Length)
                    {
                        throw new GoCallException("reflect: string index out of range");
                    }
                    // A string indexes to a byte (uint8).
                    item = Slot.Of((long)bytes[x]);
                    break;
                }
                case GoMap map:
                {
                    if (index.IsMissing)
                    {
                        throw new GoCallException("value is nil; should be of type string");
                    }
                    if (index.Value is not string key)
                    {
                        throw new GoCallException("value has type " + GoTypeNames.Of(index.Value) + "; should be string");
                    }
                    bool elementIsInterface = GoTypeNames.HasInterfaceElements(map.TypeName);
                    item = map.TryGetValue(key, out var element)
                        ? Slot.Element(element, elementIsInterface)
                        : Slot.Element(map.ZeroElement, elementIsInterface);
                    break;
                }
                default:
                    throw new GoCallException("can't index item of type " + GoTypeNames.Of(item.Value).TrimStart('*'));
            }
        }
        return item;
    }

    private static int IndexArgument(Slot index, int cap)
    {
        long x;
        switch (index.Value)
        {
            case long l when !index.IsMissing:
                x = l;
                break;
            case GoEnum e when !index.IsMissing:
                x = e.Number;
                break;
            default:
                if (index.IsMissing)
                {
                    throw new GoCallException("cannot index slice/array with nil");
                }
                throw new GoCallException("cannot index slice/array with type " + GoTypeNames.Of(index.Value));
        }
        if (x < 0 || x > cap)
        {
            throw new GoCallException("index out of range: " + x);
        }
        return (int)x;
    }

    private static int Length(Slot item)
    {
        if (item.IsNilInterface || item.Value is GoNilPointer)
        {
            throw new GoCallException("len of nil pointer");
        }
        if (item.IsMissing)
        {
            throw new GoCallException("reflect: call of reflect.Value.Type on zero Value");
        }
        return item.Value switch
        {
            string s => GoRunes.Utf8Length(s),
            GoMap map => map.Count,
            GoSlice slice => slice.Count,
            _ => throw new GoCallException("len of type " + GoTypeNames.Of(item.Value).TrimStart('*')),
        };
    }

    private static Slot Call(Slot function, ReadOnlySpan<Slot> args)
    {
        function = function.Concrete();
        if (function.IsMissing)
        {
            throw new GoCallException("call of nil");
        }
        if (function.Value is not GoMethod method)
        {
            throw new GoCallException("non-function of type " + GoTypeNames.Of(function.Value));
        }
        var values = new object?[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            values[i] = args[i].Concrete().Value;
        }
        return Slot.Of(method(values));
    }

    /// <summary>The text <c>html</c>, <c>js</c> and <c>urlquery</c> escape: one string as is, else the operands
    /// printed (a missing one as <c>&lt;no value&gt;</c>).</summary>
    private static string ArgsText(TemplateExecution execution, ReadOnlySpan<Slot> args)
    {
        if (args.Length == 1 && args[0].Value is string text)
        {
            return text;
        }
        var values = new object?[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            values[i] = args[i].Value ?? "<no value>";
        }
        return execution.Sprint(values);
    }

    internal static string HtmlEscape(string text)
    {
        if (text.AsSpan().IndexOfAny("'\"&<>\0") < 0)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            switch (c)
            {
                case '\0': builder.Append('\uFFFD'); break;
                case '"': builder.Append("&#34;"); break;
                case '\'': builder.Append("&#39;"); break;
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }

    internal static string JsEscape(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        for (int i = 0; i < text.Length;)
        {
            int rune = GoRunes.Decode(text, i, out int width);
            i += width;
            switch (rune)
            {
                case '\\': builder.Append("\\\\"); continue;
                case '\'': builder.Append("\\'"); continue;
                case '"': builder.Append("\\\""); continue;
                case '<': builder.Append("\\u003C"); continue;
                case '>': builder.Append("\\u003E"); continue;
                case '&': builder.Append("\\u0026"); continue;
                case '=': builder.Append("\\u003D"); continue;
            }
            if (rune < ' ')
            {
                builder.Append("\\u00").Append("0123456789ABCDEF"[rune >> 4]).Append("0123456789ABCDEF"[rune & 0xF]);
            }
            else if (rune < 0x80 || GoRunes.IsPrint(rune))
            {
                GoRunes.Append(builder, rune);
            }
            else
            {
                builder.Append("\\u").Append(rune.ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    /// <summary><c>url.QueryEscape</c>.</summary>
    internal static string QueryEscape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else if (b == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
            }
        }
        return builder.ToString();
    }
}
