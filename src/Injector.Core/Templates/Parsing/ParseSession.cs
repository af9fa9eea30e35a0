using Injector.Templates.Functions;

namespace Injector.Templates.Parsing;

/// <summary>What every tree of one <c>Parse</c> call shares: the text, the lexer, the function table, the named
/// templates found so far and the limits.</summary>
internal sealed class ParseSession(string name, string text, FunctionTable functions, TemplateParseLimits limits)
{
    private int nodes;
    private int depth;

    public string Name { get; } = name;

    public string Text { get; } = text;

    public Lexer Lexer { get; } = new(text);

    public FunctionTable Functions { get; } = functions;

    public TemplateParseLimits Limits { get; } = limits;

    /// <summary>Named templates (the top-level one, <c>define</c>s and <c>block</c>s), in definition order.</summary>
    public Dictionary<string, ListNode> Trees { get; } = new(StringComparer.Ordinal);

    /// <summary>The literal patterns given to functions that take a regular expression (compiled once the parse is done).</summary>
    public HashSet<string> LiteralPatterns { get; } = new(StringComparer.Ordinal);

    public void CountNode(Parser parser)
    {
        if (++nodes > Limits.MaxNodes)
        {
            parser.Errorf("template has more than " + Limits.MaxNodes + " nodes");
        }
    }

    /// <summary>Enters a nested construct (control structure, parenthesised pipeline, block); <see cref="Leave"/>
    /// leaves it.</summary>
    public void Enter(Parser parser)
    {
        if (++depth > Limits.MaxNestingDepth)
        {
            parser.Errorf("template nests deeper than " + Limits.MaxNestingDepth + " levels");
        }
        // A caller may raise the limit beyond what the thread's stack holds: that is an error too, not a crash.
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
    }

    public void Leave() => depth--;
}
