using System.Collections.Frozen;
using System.Text;
using Injector.Templates.Execution;
using Injector.Templates.Functions;
using Injector.Templates.Functions.Sprig;
using Injector.Templates.Parsing;

namespace Injector.Templates;

/// <summary>
/// A Go <c>text/template</c> (Go 1.24 semantics), parsed once and executed any number of times, concurrently. Parse
/// with the <see cref="FunctionTable"/> istiod uses (Go builtins, Sprig, Istio's functions); execute over values of
/// the model in <c>Templates/Values</c>. Errors are <see cref="TemplateException"/>s with Go's texts.
/// </summary>
public sealed class GoTemplate
{
    private GoTemplate(string name, string text, FunctionTable functions, Dictionary<string, ListNode> trees, FrozenDictionary<string, GoRegex> patterns)
    {
        Name = name;
        Text = text;
        Functions = functions;
        Trees = trees;
        Patterns = patterns;
    }

    /// <summary>The top-level template's name (istiod names injection templates <c>inject</c>).</summary>
    public string Name { get; }

    /// <summary>The template text.</summary>
    public string Text { get; }

    public FunctionTable Functions { get; }

    /// <summary>Names of the templates the text defines, the top-level one included.</summary>
    public IReadOnlyCollection<string> TemplateNames => Trees.Keys;

    internal Dictionary<string, ListNode> Trees { get; }

    /// <summary>The regular expressions the text gives as literals (<c>regexMatch "^a" .x</c>), compiled at parse;
    /// a literal that does not compile is left out and fails when executed, as in Go.</summary>
    internal FrozenDictionary<string, GoRegex> Patterns { get; }

    /// <summary>Parses <paramref name="text"/> as the template <paramref name="name"/> (with its <c>define</c>s and
    /// <c>block</c>s). Throws <see cref="TemplateException"/> (<see cref="TemplateErrorKind.Parse"/>).</summary>
    public static GoTemplate Parse(string name, string text, FunctionTable functions, TemplateParseLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(functions);
        limits ??= TemplateParseLimits.Default;
        int bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > limits.MaxTemplateBytes)
        {
            throw TemplateException.Parse(name, 0, 0, "template is " + bytes + " bytes, more than the limit of " + limits.MaxTemplateBytes);
        }
        var session = new ParseSession(name, text, functions, limits);
        try
        {
            Parser.ParseTemplate(session);
        }
        catch (InsufficientExecutionStackException)
        {
            throw TemplateException.Parse(name, 0, 0, "template nests too deeply for the stack");
        }
        var patterns = new Dictionary<string, GoRegex>(StringComparer.Ordinal);
        foreach (var pattern in session.LiteralPatterns)
        {
            if (GoRegex.TryCompile(pattern, out _) is { } compiled)
            {
                patterns[pattern] = compiled;
            }
        }
        return new GoTemplate(name, text, functions, session.Trees, patterns.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Executes the template over <paramref name="data"/> and returns the output.</summary>
    public string Execute(object? data, TemplateExecutionLimits? limits = null)
    {
        var output = new StringBuilder(Math.Max(256, Text.Length));
        Execute(data, output, limits);
        return output.ToString();
    }

    /// <summary>Executes the template over <paramref name="data"/>, appending to <paramref name="output"/>. On error,
    /// what was written before it stays in <paramref name="output"/> (as Go leaves partial output).</summary>
    public void Execute(object? data, StringBuilder output, TemplateExecutionLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        new TemplateExecution(this, output, limits ?? TemplateExecutionLimits.Default).Run(Normalize(data));
    }

    /// <summary>Data given as .NET numbers becomes the model's (long, double).</summary>
    private static object? Normalize(object? data) => data switch
    {
        int i => (long)i,
        float f => (double)f,
        _ => data,
    };
}
