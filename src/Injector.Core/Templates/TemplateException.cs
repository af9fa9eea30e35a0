namespace Injector.Templates;

public enum TemplateErrorKind
{
    /// <summary>The text is not a valid template (or uses a function the injector refuses).</summary>
    Parse,

    /// <summary>Go's <c>text/template</c> would fail too: a function error, a bad field, a type mismatch.</summary>
    Execution,

    /// <summary>A limit of the injector was reached (output, steps, template depth, work): Go might have succeeded.</summary>
    Limit,
}

/// <summary>
/// A template failed to parse or to execute. <see cref="Exception.Message"/> is the text Go would print:
/// <c>template: inject:12: function "foo" not defined</c> (parse errors carry the line only, as Go's do) or
/// <c>template: inject:12:7: executing "inject" at &lt;.Values.x&gt;: ...</c>.
/// </summary>
public sealed class TemplateException : Exception
{
    private TemplateException(string message, TemplateErrorKind kind, string templateName, int line, int column)
        : base(message)
    {
        Kind = kind;
        TemplateName = templateName;
        Line = line;
        Column = column;
    }

    public TemplateErrorKind Kind { get; }

    /// <summary>The template being parsed, or the one executing when the error happened (a <c>define</c>d name
    /// inside a <c>template</c> call).</summary>
    public string TemplateName { get; }

    /// <summary>1-based line in the template text.</summary>
    public int Line { get; }

    /// <summary>0-based byte offset in that line (Go's column).</summary>
    public int Column { get; }

    internal static TemplateException Parse(string name, int line, int column, string message) =>
        new("template: " + name + ":" + line + ": " + message, TemplateErrorKind.Parse, name, line, column);

    internal static TemplateException Execution(
        TemplateErrorKind kind, string sourceName, string templateName, int line, int column, string context, string message) =>
        new("template: " + sourceName + ":" + line + ":" + column + ": executing " + Formatting.GoQuote.Quote(templateName)
            + " at <" + context + ">: " + message, kind, templateName, line, column);

    internal static TemplateException Whole(TemplateErrorKind kind, string templateName, string message) =>
        new("template: " + templateName + ": " + message, kind, templateName, 0, 0);
}
