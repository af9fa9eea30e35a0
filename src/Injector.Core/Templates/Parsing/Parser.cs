using System.Runtime.CompilerServices;
using Injector.Templates.Functions;

namespace Injector.Templates.Parsing;

/// <summary>
/// Parses one template tree (the top level, a <c>define</c> or a <c>block</c>) with Go's grammar, look-ahead and error
/// messages, so that what fails in istiod fails here with the same text (<c>template: inject:3: unexpected EOF</c>).
/// Every nested construct is counted against <see cref="TemplateParseLimits.MaxNestingDepth"/>, so recursion stays
/// bounded whatever the input.
/// </summary>
internal sealed class Parser
{
    private readonly ParseSession session;
    private readonly Token[] token = new Token[3];
    private int peekCount;
    private readonly List<string> vars = ["$"];
    private int rangeDepth;
    private int actionLine;

    private Parser(ParseSession session, string name)
    {
        this.session = session;
        Name = name;
    }

    public string Name { get; private set; }

    /// <summary>Parses the whole text into <see cref="ParseSession.Trees"/>.</summary>
    public static void ParseTemplate(ParseSession session)
    {
        var parser = new Parser(session, session.Name);
        var root = parser.ParseTop();
        parser.Add(root);
    }

    // ---- errors ----

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Errorf(string message)
    {
        var current = token[0];
        throw TemplateException.Parse(session.Name, current.Line, ColumnOf(current.Position), message);
    }

    private int ColumnOf(int position)
    {
        var text = session.Text;
        position = Math.Clamp(position, 0, text.Length);
        int lineStart = text.LastIndexOf('\n', Math.Max(position - 1, 0)) + 1;
        if (position == 0)
        {
            lineStart = 0;
        }
        return System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(lineStart, position - lineStart));
    }

    private void Unexpected(Token item, string context)
    {
        if (item.Kind == TokenKind.Error)
        {
            string extra = "";
            if (actionLine != 0 && actionLine != item.Line)
            {
                extra = " in action started at " + session.Name + ":" + actionLine;
                if (item.Value.EndsWith(" action", StringComparison.Ordinal))
                {
                    extra = extra[" in action".Length..];
                }
            }
            Errorf(item.Value + extra);
        }
        Errorf("unexpected " + item + " in " + context);
    }

    // ---- tokens ----

    private Token Next()
    {
        if (peekCount > 0)
        {
            peekCount--;
        }
        else
        {
            token[0] = session.Lexer.NextToken();
        }
        return token[peekCount];
    }

    private void Backup() => peekCount++;

    private void Backup2(Token t1)
    {
        token[1] = t1;
        peekCount = 2;
    }

    private void Backup3(Token t2, Token t1)
    {
        token[1] = t1;
        token[2] = t2;
        peekCount = 3;
    }

    private Token Peek()
    {
        if (peekCount > 0)
        {
            return token[peekCount - 1];
        }
        peekCount = 1;
        token[0] = session.Lexer.NextToken();
        return token[0];
    }

    private Token NextNonSpace()
    {
        Token item;
        do
        {
            item = Next();
        }
        while (item.Kind == TokenKind.Space);
        return item;
    }

    private Token PeekNonSpace()
    {
        var item = NextNonSpace();
        Backup();
        return item;
    }

    private Token Expect(TokenKind expected, string context)
    {
        var item = NextNonSpace();
        if (item.Kind != expected)
        {
            Unexpected(item, context);
        }
        return item;
    }

    private T Count<T>(T node)
        where T : Node
    {
        session.CountNode(this);
        return node;
    }

    // ---- trees ----

    private void Add(ListNode root)
    {
        if (!session.Trees.TryGetValue(Name, out var existing) || IsEmptyTree(existing))
        {
            session.Trees[Name] = root;
            return;
        }
        if (!IsEmptyTree(root))
        {
            Errorf("template: multiple definition of template " + Formatting.GoQuote.Quote(Name));
        }
    }

    /// <summary>Go's <c>IsEmptyTree</c>: nothing but white space and comments.</summary>
    internal static bool IsEmptyTree(Node node) => node switch
    {
        ListNode list => list.Nodes.All(IsEmptyTree),
        CommentNode => true,
        TextNode text => text.Text.All(c => Formatting.GoRunes.IsSpace(c)),
        _ => false,
    };

    private ListNode ParseTop()
    {
        var root = Count(new ListNode(Peek().Position));
        while (Peek().Kind != TokenKind.Eof)
        {
            if (Peek().Kind == TokenKind.LeftDelim)
            {
                var delim = Next();
                if (NextNonSpace().Kind == TokenKind.Define)
                {
                    var definition = new Parser(session, "definition");
                    definition.ParseDefinition();
                    continue;
                }
                Backup2(delim);
            }
            var node = TextOrAction();
            if (node is EndNode or ElseNode)
            {
                Errorf("unexpected " + node);
            }
            root.Append(node);
        }
        return root;
    }

    private void ParseDefinition()
    {
        const string context = "define clause";
        var nameToken = NextNonSpace();
        if (nameToken.Kind is not (TokenKind.String or TokenKind.RawString))
        {
            Unexpected(nameToken, context);
        }
        Name = Unquote(nameToken.Value);
        Expect(TokenKind.RightDelim, context);
        var (root, end) = ItemList();
        if (end is not EndNode)
        {
            Errorf("unexpected " + end + " in " + context);
        }
        Add(root);
    }

    private (ListNode List, Node Next) ItemList()
    {
        var list = Count(new ListNode(PeekNonSpace().Position));
        while (PeekNonSpace().Kind != TokenKind.Eof)
        {
            var node = TextOrAction();
            if (node is EndNode or ElseNode)
            {
                return (list, node);
            }
            list.Append(node);
        }
        Errorf("unexpected EOF");
        throw new InvalidOperationException();
    }

    private Node TextOrAction()
    {
        var item = NextNonSpace();
        switch (item.Kind)
        {
            case TokenKind.Text:
                return Count(new TextNode(item.Position, item.Value));
            case TokenKind.LeftDelim:
                actionLine = item.Line;
                try
                {
                    return Action();
                }
                finally
                {
                    actionLine = 0;
                }
            default:
                Unexpected(item, "input");
                throw new InvalidOperationException();
        }
    }

    private Node Action()
    {
        var item = NextNonSpace();
        switch (item.Kind)
        {
            case TokenKind.Block:
                return BlockControl();
            case TokenKind.Break:
                return BreakControl(item.Position, item.Line);
            case TokenKind.Continue:
                return ContinueControl(item.Position, item.Line);
            case TokenKind.Else:
                return ElseControl();
            case TokenKind.End:
                return Count(new EndNode(Expect(TokenKind.RightDelim, "end").Position));
            case TokenKind.If:
                return Control(BranchKind.If);
            case TokenKind.Range:
                return Control(BranchKind.Range);
            case TokenKind.Template:
                return TemplateControl();
            case TokenKind.With:
                return Control(BranchKind.With);
        }
        Backup();
        var start = Peek();
        // Variables a plain action declares stay in scope until the enclosing {{end}}.
        return Count(new ActionNode(start.Position, start.Line, Pipeline("command", TokenKind.RightDelim)));
    }

    private Node BreakControl(int position, int line)
    {
        var item = NextNonSpace();
        if (item.Kind != TokenKind.RightDelim)
        {
            Unexpected(item, "{{break}}");
        }
        if (rangeDepth == 0)
        {
            Errorf("{{break}} outside {{range}}");
        }
        return Count(new BreakNode(position, line));
    }

    private Node ContinueControl(int position, int line)
    {
        var item = NextNonSpace();
        if (item.Kind != TokenKind.RightDelim)
        {
            Unexpected(item, "{{continue}}");
        }
        if (rangeDepth == 0)
        {
            Errorf("{{continue}} outside {{range}}");
        }
        return Count(new ContinueNode(position, line));
    }

    private PipeNode Pipeline(string context, TokenKind end)
    {
        var first = PeekNonSpace();
        var pipe = Count(new PipeNode(first.Position, first.Line));
        bool declarations = true;
        while (declarations)
        {
            declarations = false;
            var v = PeekNonSpace();
            if (v.Kind != TokenKind.Variable)
            {
                break;
            }
            Next();
            // "$x foo" needs three tokens of look-ahead: the token right after the variable is kept to push back.
            var tokenAfterVariable = Peek();
            var next = PeekNonSpace();
            if (next.Kind is TokenKind.Assign or TokenKind.Declare)
            {
                pipe.IsAssign = next.Kind == TokenKind.Assign;
                NextNonSpace();
                pipe.AddDeclaration(Count(new VariableNode(v.Position, v.Value)));
                vars.Add(v.Value);
            }
            else if (next.Kind == TokenKind.Char && next.Value == ",")
            {
                NextNonSpace();
                pipe.AddDeclaration(Count(new VariableNode(v.Position, v.Value)));
                vars.Add(v.Value);
                if (context == "range" && pipe.Declarations.Count < 2)
                {
                    var after = PeekNonSpace().Kind;
                    if (after is TokenKind.Variable or TokenKind.RightDelim or TokenKind.RightParen)
                    {
                        declarations = true;
                        continue;
                    }
                    Errorf("range can only initialize variables");
                }
                Errorf("too many declarations in " + context);
            }
            else if (tokenAfterVariable.Kind == TokenKind.Space)
            {
                Backup3(v, tokenAfterVariable);
            }
            else
            {
                Backup2(v);
            }
        }
        while (true)
        {
            var item = NextNonSpace();
            if (item.Kind == end)
            {
                CheckPipeline(pipe, context);
                return pipe;
            }
            switch (item.Kind)
            {
                case TokenKind.Bool:
                case TokenKind.CharConstant:
                case TokenKind.Complex:
                case TokenKind.Dot:
                case TokenKind.Field:
                case TokenKind.Identifier:
                case TokenKind.Number:
                case TokenKind.Nil:
                case TokenKind.RawString:
                case TokenKind.String:
                case TokenKind.Variable:
                case TokenKind.LeftParen:
                    Backup();
                    pipe.Append(Command());
                    break;
                default:
                    Unexpected(item, context);
                    break;
            }
        }
    }

    private void CheckPipeline(PipeNode pipe, string context)
    {
        if (pipe.Commands.Count == 0)
        {
            Errorf("missing value for " + context);
        }
        for (int i = 1; i < pipe.Commands.Count; i++)
        {
            if (pipe.Commands[i].Args[0] is BoolNode or DotNode or NilNode or NumberNode or StringNode)
            {
                Errorf("non executable command in pipeline stage " + (i + 1));
            }
        }
    }

    private BranchNode Control(BranchKind kind)
    {
        session.Enter(this);
        int savedVars = vars.Count;
        string context = kind switch
        {
            BranchKind.If => "if",
            BranchKind.Range => "range",
            _ => "with",
        };
        var pipe = Pipeline(context, TokenKind.RightDelim);
        if (kind == BranchKind.Range)
        {
            rangeDepth++;
        }
        var (list, next) = ItemList();
        if (kind == BranchKind.Range)
        {
            rangeDepth--;
        }
        ListNode? elseList = null;
        if (next is ElseNode)
        {
            // "{{else if x}}" and "{{else with x}}" are "{{else}}{{if x}}...{{end}}{{end}}", the inner {{end}} implied.
            if (kind == BranchKind.If && Peek().Kind == TokenKind.If)
            {
                Next();
                elseList = Count(new ListNode(next.Position));
                elseList.Append(Control(BranchKind.If));
            }
            else if (kind == BranchKind.With && Peek().Kind == TokenKind.With)
            {
                Next();
                elseList = Count(new ListNode(next.Position));
                elseList.Append(Control(BranchKind.With));
            }
            else
            {
                (elseList, next) = ItemList();
                if (next is not EndNode)
                {
                    Errorf("expected end; found " + next);
                }
            }
        }
        vars.RemoveRange(savedVars, vars.Count - savedVars);
        session.Leave();
        return Count(new BranchNode(kind, pipe.Position, pipe.Line, pipe, list, elseList));
    }

    private Node ElseControl()
    {
        var peek = PeekNonSpace();
        if (peek.Kind is TokenKind.If or TokenKind.With)
        {
            return Count(new ElseNode(peek.Position, peek.Line));
        }
        var item = Expect(TokenKind.RightDelim, "else");
        return Count(new ElseNode(item.Position, item.Line));
    }

    private Node BlockControl()
    {
        const string context = "block clause";
        var item = NextNonSpace();
        string name = TemplateName(item, context);
        var pipe = Pipeline(context, TokenKind.RightDelim);

        session.Enter(this);
        var block = new Parser(session, name);
        var (root, end) = block.ItemList();
        if (end is not EndNode)
        {
            Errorf("unexpected " + end + " in " + context);
        }
        block.Add(root);
        session.Leave();
        return Count(new TemplateNode(item.Position, item.Line, name, pipe));
    }

    private Node TemplateControl()
    {
        const string context = "template clause";
        var item = NextNonSpace();
        string name = TemplateName(item, context);
        PipeNode? pipe = null;
        if (NextNonSpace().Kind != TokenKind.RightDelim)
        {
            Backup();
            pipe = Pipeline(context, TokenKind.RightDelim);
        }
        return Count(new TemplateNode(item.Position, item.Line, name, pipe));
    }

    private string TemplateName(Token item, string context)
    {
        if (item.Kind is TokenKind.String or TokenKind.RawString)
        {
            return Unquote(item.Value);
        }
        Unexpected(item, context);
        throw new InvalidOperationException();
    }

    private string Unquote(string quoted)
    {
        var text = Formatting.GoQuote.Unquote(quoted);
        if (text is null)
        {
            Errorf("invalid syntax");
        }
        return text!;
    }

    private CommandNode Command()
    {
        var command = Count(new CommandNode(PeekNonSpace().Position));
        while (true)
        {
            PeekNonSpace();
            var operand = Operand();
            if (operand is not null)
            {
                command.Append(operand);
            }
            var item = Next();
            if (item.Kind == TokenKind.Space)
            {
                continue;
            }
            if (item.Kind is TokenKind.RightDelim or TokenKind.RightParen)
            {
                Backup();
            }
            else if (item.Kind != TokenKind.Pipe)
            {
                Unexpected(item, "operand");
            }
            break;
        }
        if (command.Args.Count == 0)
        {
            Errorf("empty command");
        }
        if (command.Args is [IdentifierNode { Function.TakesPattern: true }, StringNode pattern, ..])
        {
            session.LiteralPatterns.Add(pattern.Text);
        }
        return command;
    }

    private Node? Operand()
    {
        var node = Term();
        if (node is null)
        {
            return null;
        }
        if (Peek().Kind == TokenKind.Field)
        {
            var chain = Count(new ChainNode(Peek().Position, node));
            while (Peek().Kind == TokenKind.Field)
            {
                chain.Add(Next().Value);
            }
            switch (node)
            {
                case FieldNode:
                    return Count(new FieldNode(chain.Position, chain.ToString()));
                case VariableNode:
                    return Count(new VariableNode(chain.Position, chain.ToString()));
                case BoolNode or StringNode or NumberNode or NilNode or DotNode:
                    Errorf("unexpected . after term " + Formatting.GoQuote.Quote(node.ToString()));
                    break;
            }
            return chain;
        }
        return node;
    }

    private Node? Term()
    {
        var item = NextNonSpace();
        switch (item.Kind)
        {
            case TokenKind.Identifier:
                return Identifier(item);
            case TokenKind.Dot:
                return Count(new DotNode(item.Position));
            case TokenKind.Nil:
                return Count(new NilNode(item.Position));
            case TokenKind.Variable:
                return UseVar(item.Position, item.Value);
            case TokenKind.Field:
                return Count(new FieldNode(item.Position, item.Value));
            case TokenKind.Bool:
                return Count(new BoolNode(item.Position, item.Value == "true"));
            case TokenKind.CharConstant:
            case TokenKind.Complex:
            case TokenKind.Number:
            {
                var number = GoNumberLiteral.Parse(item.Value, item.Kind, out var error);
                if (error is not null)
                {
                    Errorf(error);
                }
                return Count(new NumberNode(item.Position, item.Value, number));
            }
            case TokenKind.LeftParen:
                session.Enter(this);
                var pipe = Pipeline("parenthesized pipeline", TokenKind.RightParen);
                session.Leave();
                return pipe;
            case TokenKind.String:
            case TokenKind.RawString:
                return Count(new StringNode(item.Position, item.Value, Unquote(item.Value)));
        }
        Backup();
        return null;
    }

    private Node Identifier(Token item)
    {
        if (!session.Functions.TryGet(item.Value, out var function))
        {
            Errorf("function " + Formatting.GoQuote.Quote(item.Value) + " not defined");
        }
        if (function.RefusedBecause is not null)
        {
            Errorf("function " + Formatting.GoQuote.Quote(item.Value) + " not supported: " + function.RefusedBecause);
        }
        return Count(new IdentifierNode(item.Position, item.Value, function));
    }

    private Node UseVar(int position, string name)
    {
        var variable = Count(new VariableNode(position, name));
        if (!vars.Contains(variable.Ident[0]))
        {
            Errorf("undefined variable " + Formatting.GoQuote.Quote(variable.Ident[0]));
        }
        return variable;
    }
}
