using System.Text;
using Injector.Templates.Formatting;
using Injector.Templates.Functions;

namespace Injector.Templates.Parsing;

/// <summary>
/// The parse tree of a template, as Go's <c>text/template/parse</c> shapes it. <see cref="Node.ToString"/> prints a node
/// the way Go does: execution errors quote it (<c>at &lt;.Values.foo&gt;</c>) and parse errors name tokens with it.
/// Nodes are immutable after parsing and shared by concurrent executions.
/// </summary>
internal abstract class Node(int position)
{
    /// <summary>Offset (in chars) of the node in the template text.</summary>
    public int Position { get; } = position;

    public abstract void WriteTo(StringBuilder builder);

    public override string ToString()
    {
        var builder = new StringBuilder();
        WriteTo(builder);
        return builder.ToString();
    }
}

internal sealed class ListNode(int position) : Node(position)
{
    private readonly List<Node> nodes = [];

    public IReadOnlyList<Node> Nodes => nodes;

    public void Append(Node node) => nodes.Add(node);

    public override void WriteTo(StringBuilder builder)
    {
        foreach (var node in nodes)
        {
            node.WriteTo(builder);
        }
    }
}

internal sealed class TextNode(int position, string text) : Node(position)
{
    public string Text { get; } = text;

    public override void WriteTo(StringBuilder builder) => builder.Append(Text);
}

internal sealed class CommentNode(int position, string text) : Node(position)
{
    public string Text { get; } = text;

    public override void WriteTo(StringBuilder builder) => builder.Append("{{").Append(Text).Append("}}");
}

internal sealed class PipeNode(int position, int line) : Node(position)
{
    private readonly List<VariableNode> declarations = [];
    private readonly List<CommandNode> commands = [];

    public int Line { get; } = line;

    /// <summary>The variables are assigned (<c>=</c>), not declared (<c>:=</c>).</summary>
    public bool IsAssign { get; set; }

    public IReadOnlyList<VariableNode> Declarations => declarations;

    public IReadOnlyList<CommandNode> Commands => commands;

    public void AddDeclaration(VariableNode variable) => declarations.Add(variable);

    public void Append(CommandNode command) => commands.Add(command);

    public override void WriteTo(StringBuilder builder)
    {
        if (declarations.Count > 0)
        {
            for (int i = 0; i < declarations.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append(", ");
                }
                declarations[i].WriteTo(builder);
            }
            builder.Append(IsAssign ? " = " : " := ");
        }
        for (int i = 0; i < commands.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(" | ");
            }
            commands[i].WriteTo(builder);
        }
    }
}

internal sealed class ActionNode(int position, int line, PipeNode pipe) : Node(position)
{
    public int Line { get; } = line;

    public PipeNode Pipe { get; } = pipe;

    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("{{");
        Pipe.WriteTo(builder);
        builder.Append("}}");
    }
}

internal sealed class CommandNode(int position) : Node(position)
{
    private readonly List<Node> args = [];

    /// <summary>The words: a function, field or variable first, then its arguments.</summary>
    public IReadOnlyList<Node> Args => args;

    public void Append(Node arg) => args.Add(arg);

    public override void WriteTo(StringBuilder builder)
    {
        for (int i = 0; i < args.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }
            if (args[i] is PipeNode pipe)
            {
                builder.Append('(');
                pipe.WriteTo(builder);
                builder.Append(')');
                continue;
            }
            args[i].WriteTo(builder);
        }
    }
}

/// <summary>A function name, resolved against the function table when parsed.</summary>
internal sealed class IdentifierNode(int position, string name, TemplateFunction function) : Node(position)
{
    public string Name { get; } = name;

    public TemplateFunction Function { get; } = function;

    public override void WriteTo(StringBuilder builder) => builder.Append(Name);
}

/// <summary><c>$x</c>, <c>$x.Field.Other</c>.</summary>
internal sealed class VariableNode : Node
{
    public VariableNode(int position, string text)
        : base(position)
    {
        Ident = text.Split('.');
        Fields = Ident[1..];
    }

    public string[] Ident { get; }

    /// <summary>The fields after the variable's name.</summary>
    public string[] Fields { get; }

    public override void WriteTo(StringBuilder builder) => builder.AppendJoin('.', Ident);
}

internal sealed class DotNode(int position) : Node(position)
{
    public override void WriteTo(StringBuilder builder) => builder.Append('.');
}

internal sealed class NilNode(int position) : Node(position)
{
    public override void WriteTo(StringBuilder builder) => builder.Append("nil");
}

/// <summary><c>.Field.Other</c> (starting at dot).</summary>
internal sealed class FieldNode(int position, string text) : Node(position)
{
    public string[] Ident { get; } = text[1..].Split('.');

    public override void WriteTo(StringBuilder builder)
    {
        foreach (var id in Ident)
        {
            builder.Append('.').Append(id);
        }
    }
}

/// <summary>Fields after a parenthesised pipeline or another non-field term: <c>(index .X 0).Name</c>.</summary>
internal sealed class ChainNode(int position, Node node) : Node(position)
{
    private readonly List<string> fields = [];

    public Node Node { get; } = node;

    public IReadOnlyList<string> Fields => fields;

    public void Add(string field) => fields.Add(field[1..]);

    public override void WriteTo(StringBuilder builder)
    {
        if (Node is PipeNode)
        {
            builder.Append('(');
            Node.WriteTo(builder);
            builder.Append(')');
        }
        else
        {
            Node.WriteTo(builder);
        }
        foreach (var field in fields)
        {
            builder.Append('.').Append(field);
        }
    }
}

internal sealed class BoolNode(int position, bool value) : Node(position)
{
    public bool Value { get; } = value;

    public override void WriteTo(StringBuilder builder) => builder.Append(Value ? "true" : "false");
}

/// <summary>A number literal, with every Go type its text can be (an int literal is also a float).</summary>
internal sealed class NumberNode(int position, string text, GoNumberLiteral value) : Node(position)
{
    public string Text { get; } = text;

    public GoNumberLiteral Value { get; } = value;

    public override void WriteTo(StringBuilder builder) => builder.Append(Text);
}

internal sealed class StringNode(int position, string quoted, string text) : Node(position)
{
    public string Quoted { get; } = quoted;

    public string Text { get; } = text;

    public override void WriteTo(StringBuilder builder) => builder.Append(Quoted);
}

/// <summary>Parse-time markers for <c>{{end}}</c> and <c>{{else}}</c>; never in a finished tree.</summary>
internal sealed class EndNode(int position) : Node(position)
{
    public override void WriteTo(StringBuilder builder) => builder.Append("{{end}}");
}

internal sealed class ElseNode(int position, int line) : Node(position)
{
    public int Line { get; } = line;

    public override void WriteTo(StringBuilder builder) => builder.Append("{{else}}");
}

internal enum BranchKind
{
    If,
    Range,
    With,
}

/// <summary><c>if</c>, <c>range</c> and <c>with</c>.</summary>
internal sealed class BranchNode(BranchKind kind, int position, int line, PipeNode pipe, ListNode list, ListNode? elseList)
    : Node(position)
{
    public BranchKind Kind { get; } = kind;

    public int Line { get; } = line;

    public PipeNode Pipe { get; } = pipe;

    public ListNode List { get; } = list;

    public ListNode? ElseList { get; } = elseList;

    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("{{").Append(Kind switch
        {
            BranchKind.If => "if",
            BranchKind.Range => "range",
            _ => "with",
        }).Append(' ');
        Pipe.WriteTo(builder);
        builder.Append("}}");
        List.WriteTo(builder);
        if (ElseList is not null)
        {
            builder.Append("{{else}}");
            ElseList.WriteTo(builder);
        }
        builder.Append("{{end}}");
    }
}

internal sealed class BreakNode(int position, int line) : Node(position)
{
    public int Line { get; } = line;

    public override void WriteTo(StringBuilder builder) => builder.Append("{{break}}");
}

internal sealed class ContinueNode(int position, int line) : Node(position)
{
    public int Line { get; } = line;

    public override void WriteTo(StringBuilder builder) => builder.Append("{{continue}}");
}

/// <summary><c>{{template "name" pipeline}}</c> (and the call a <c>block</c> makes).</summary>
internal sealed class TemplateNode(int position, int line, string name, PipeNode? pipe) : Node(position)
{
    public int Line { get; } = line;

    public string Name { get; } = name;

    public PipeNode? Pipe { get; } = pipe;

    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("{{template ").Append(GoQuote.Quote(Name));
        if (Pipe is not null)
        {
            builder.Append(' ');
            Pipe.WriteTo(builder);
        }
        builder.Append("}}");
    }
}
