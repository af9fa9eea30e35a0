namespace Injector.Templates;

/// <summary>Bounds on what parsing a template may cost. Exceeding one is a parse error.</summary>
public sealed record TemplateParseLimits
{
    public static TemplateParseLimits Default { get; } = new();

    /// <summary>Largest template text, in UTF-8 bytes (the stock <c>sidecar</c> template is about 25 KiB).</summary>
    public int MaxTemplateBytes { get; init; } = 1 << 20;

    /// <summary>Deepest nesting of control structures (<c>if</c>/<c>range</c>/<c>with</c>, each <c>else if</c> link),
    /// <c>block</c>s and parentheses together. Parsing and execution recurse this deep.</summary>
    public int MaxNestingDepth { get; init; } = 100;

    /// <summary>Most parse-tree nodes in one template text.</summary>
    public int MaxNodes { get; init; } = 200_000;
}

/// <summary>Bounds on what one execution may cost. Exceeding one stops the execution with a
/// <see cref="TemplateErrorKind.Limit"/> error; none can hang or exhaust memory.</summary>
public sealed record TemplateExecutionLimits
{
    public static TemplateExecutionLimits Default { get; } = new();

    /// <summary>Largest output, in characters (a rendered sidecar is about 10 KiB).</summary>
    public int MaxOutputChars { get; init; } = 4 << 20;

    /// <summary>Most steps: every action, text, branch, range iteration, template call and function call counts one,
    /// and so does every element a function walks (<c>toJson</c>, <c>deepEqual</c>, <c>omitNil</c>...).</summary>
    public long MaxSteps { get; init; } = 2_000_000;

    /// <summary>Deepest chain of <c>{{template}}</c> calls (Go allows 100000, which a .NET stack would not survive).</summary>
    public int MaxTemplateCallDepth { get; init; } = 100;

    /// <summary>Most characters of strings that functions may build in one execution, an element of a list or map
    /// counting as eight (what <c>repeat</c>, <c>until</c>, <c>printf "%9999999d"</c>, <c>toJson</c> produce before it
    /// is printed). A rendered sidecar builds a few KiB.</summary>
    public long MaxWorkChars { get; init; } = 16L << 20;

    /// <summary>Deepest value (maps in lists in maps...) a function or the printer will walk.</summary>
    public int MaxValueDepth { get; init; } = 1000;

    /// <summary>Called every <see cref="StepsPerCallback"/> steps, so a caller's deadline (a request's work budget) can
    /// stop an execution inside a long range; it stops it by throwing. Null: nothing is called.</summary>
    public Action? OnSteps { get; init; }

    /// <summary>How many steps between two <see cref="OnSteps"/> calls.</summary>
    public int StepsPerCallback { get; init; } = 4;
}
