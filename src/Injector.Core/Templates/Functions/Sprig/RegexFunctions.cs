using Injector.Templates.Execution;
using Injector.Templates.Values;

namespace Injector.Templates.Functions.Sprig;

/// <summary>Sprig's regular expression functions (regex.go): the plain forms panic on a bad pattern
/// (<c>regexp: Compile(...)</c>), the <c>must</c> forms return the error; both fail the template.</summary>
internal static class RegexFunctions
{
    public static void Register(FunctionRegistry r)
    {
        r.AddTakingPattern("regexMatch", static (e, a) => Slot.Of(e.Regex(S(a[0]), out _)?.IsMatch(S(a[1])) ?? false), ParamType.String, ParamType.String);
        r.AddTakingPattern("mustRegexMatch", static (e, a) => Slot.Of(GoRegex.Compile(e, S(a[0])).IsMatch(S(a[1]))), ParamType.String, ParamType.String);
        r.AddTakingPattern("regexFindAll", static (e, a) => Slot.Of(FindAll(e, GoRegex.MustCompile(e, S(a[0])), S(a[1]), (long)a[2].Value!)), ParamType.String, ParamType.String, ParamType.Int);
        r.AddTakingPattern("mustRegexFindAll", static (e, a) => Slot.Of(FindAll(e, GoRegex.Compile(e, S(a[0])), S(a[1]), (long)a[2].Value!)), ParamType.String, ParamType.String, ParamType.Int);
        r.AddTakingPattern("regexFind", static (e, a) => Slot.Of(GoRegex.MustCompile(e, S(a[0])).FindString(S(a[1]))), ParamType.String, ParamType.String);
        r.AddTakingPattern("mustRegexFind", static (e, a) => Slot.Of(GoRegex.Compile(e, S(a[0])).FindString(S(a[1]))), ParamType.String, ParamType.String);
        r.AddTakingPattern("regexReplaceAll", static (e, a) => Slot.Of(GoRegex.MustCompile(e, S(a[0])).ReplaceAll(e, S(a[1]), S(a[2]), literal: false)), ParamType.String, ParamType.String, ParamType.String);
        r.AddTakingPattern("mustRegexReplaceAll", static (e, a) => Slot.Of(GoRegex.Compile(e, S(a[0])).ReplaceAll(e, S(a[1]), S(a[2]), literal: false)), ParamType.String, ParamType.String, ParamType.String);
        r.AddTakingPattern("regexReplaceAllLiteral", static (e, a) => Slot.Of(GoRegex.MustCompile(e, S(a[0])).ReplaceAll(e, S(a[1]), S(a[2]), literal: true)), ParamType.String, ParamType.String, ParamType.String);
        r.AddTakingPattern("mustRegexReplaceAllLiteral", static (e, a) => Slot.Of(GoRegex.Compile(e, S(a[0])).ReplaceAll(e, S(a[1]), S(a[2]), literal: true)), ParamType.String, ParamType.String, ParamType.String);
        r.AddTakingPattern("regexSplit", static (e, a) => Slot.Of(Split(e, GoRegex.MustCompile(e, S(a[0])), S(a[0]), S(a[1]), (long)a[2].Value!)), ParamType.String, ParamType.String, ParamType.Int);
        r.AddTakingPattern("mustRegexSplit", static (e, a) => Slot.Of(Split(e, GoRegex.Compile(e, S(a[0])), S(a[0]), S(a[1]), (long)a[2].Value!)), ParamType.String, ParamType.String, ParamType.Int);
        r.Add("regexQuoteMeta", static (_, a) => Slot.Of(QuoteMeta(S(a[0]))), ParamType.String);
    }

    private static string S(Slot slot) => (string)slot.Value!;

    private static GoListSlice FindAll(TemplateExecution execution, GoRegex regex, string input, long n)
    {
        var matches = regex.FindAll(execution, input, n);
        if (matches.Count == 0)
        {
            // Go returns a nil slice when nothing matches.
            return GoListSlice.NilOf(GoTypeNames.StringSlice);
        }
        var values = new string[matches.Count];
        long size = 0;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = matches[i].Value;
            size += values[i].Length + 1;
        }
        execution.ChargeWork(size);
        return GoListSlice.Strings(values);
    }

    private static GoListSlice Split(TemplateExecution execution, GoRegex regex, string pattern, string input, long n)
    {
        var parts = regex.Split(execution, pattern, input, n);
        if (parts is null)
        {
            return GoListSlice.NilOf(GoTypeNames.StringSlice);
        }
        execution.ChargeWork(input.Length + parts.Count);
        return GoListSlice.Strings(parts);
    }

    /// <summary><c>regexp.QuoteMeta</c>: a backslash before each of <c>\.+*?()|[]{}^$</c>.</summary>
    private static string QuoteMeta(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length * 2);
        foreach (char c in text)
        {
            if (@"\.+*?()|[]{}^$".Contains(c))
            {
                builder.Append('\\');
            }
            builder.Append(c);
        }
        return builder.ToString();
    }
}
