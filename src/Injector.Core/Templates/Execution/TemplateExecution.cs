using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using Injector.Templates.Formatting;
using Injector.Templates.Functions;
using Injector.Templates.Functions.Sprig;
using Injector.Templates.Parsing;
using Injector.Templates.Values;

namespace Injector.Templates.Execution;

/// <summary>
/// One execution of a parsed template: Go's <c>text/template</c> evaluation rules (fields, methods, map keys,
/// pipelines, variables, function calls with Go's argument checks, <c>if</c>/<c>with</c>/<c>range</c>/<c>template</c>)
/// over the value model, writing to a <see cref="StringBuilder"/>. Counts steps, output and the work functions do, so
/// a hostile template or value stops with a clear error. Single-threaded; the parsed template it reads is shared.
/// </summary>
internal sealed class TemplateExecution
{
    private enum Signal
    {
        None,
        Break,
        Continue,
    }

    private readonly GoTemplate template;
    private readonly StringBuilder output;
    private readonly long outputLimit;
    private Node? current;
    private string executingName;
    private int depth;
    private long steps;
    private long work;

    // The variable stack: a template call starts a new frame at frameBase ("$" first).
    private string[] varNames = new string[16];
    private Slot[] varValues = new Slot[16];
    private int varCount;
    private int frameBase;

    // Arguments being evaluated for calls, as a stack so nested calls do not allocate.
    private Slot[] argStack = new Slot[32];
    private int argTop;

    // Patterns that were not literals in the template, compiled for this execution only.
    private const int MaxPatternsPerExecution = 16;
    private Dictionary<string, GoRegex>? patterns;

    public TemplateExecution(GoTemplate template, StringBuilder output, TemplateExecutionLimits limits)
    {
        this.template = template;
        this.output = output;
        Limits = limits;
        outputLimit = output.Length + (long)limits.MaxOutputChars;
        executingName = template.Name;
    }

    public TemplateExecutionLimits Limits { get; }

    public FunctionTableOptions Options => template.Functions.Options;

    /// <summary>Go's <c>fmt</c>, for functions (one per execution).</summary>
    public GoPrinter Printer { get; } = new();

    // ---- budget for functions ----

    /// <summary>Counts work that is not a node of the template (each element a function walks).</summary>
    public void Step(long count = 1)
    {
        var before = steps;
        steps += count;
        if (Limits.OnSteps is { } onSteps && before / Limits.StepsPerCallback != steps / Limits.StepsPerCallback) onSteps();
        if (steps > Limits.MaxSteps)
        {
            throw new TemplateLimitException("execution exceeds the limit of " + Limits.MaxSteps + " steps");
        }
    }

    /// <summary>Reserves room for <paramref name="chars"/> more characters (or elements) a function is about to build.</summary>
    public void ChargeWork(long chars)
    {
        work += chars;
        if (work > Limits.MaxWorkChars || chars < 0)
        {
            throw new TemplateLimitException("functions build more than " + Limits.MaxWorkChars + " characters of values");
        }
    }

    /// <summary>Reserves room for <paramref name="count"/> elements of a list or map a function is about to build: each
    /// counts as eight characters (an element costs memory like a short string does).</summary>
    public void ChargeElements(long count) => ChargeWork(count > long.MaxValue / 8 ? long.MaxValue / 2 : count * 8);

    /// <summary>How many more characters functions may build.</summary>
    public long RemainingWork => Math.Max(Limits.MaxWorkChars - work, 0);

    /// <summary><c>fmt.Sprint</c> of values, charged to the work budget.</summary>
    public string Sprint(ReadOnlySpan<object?> args)
    {
        var builder = new StringBuilder();
        Printer.AppendSprint(builder, args, RemainingWork, Limits.MaxValueDepth);
        ChargeWork(builder.Length);
        return builder.ToString();
    }

    /// <summary><c>fmt.Sprint</c> of one value.</summary>
    public string Sprint(object? value)
    {
        if (value is string text)
        {
            return text;
        }
        var builder = new StringBuilder();
        Printer.AppendValue(builder, value, RemainingWork, Limits.MaxValueDepth);
        ChargeWork(builder.Length);
        return builder.ToString();
    }

    public string Sprintf(string format, ReadOnlySpan<object?> args)
    {
        var builder = new StringBuilder(format.Length + 16);
        Printer.AppendSprintf(builder, format, args, RemainingWork, Limits.MaxValueDepth);
        ChargeWork(builder.Length);
        return builder.ToString();
    }

    public string Sprintln(ReadOnlySpan<object?> args)
    {
        var builder = new StringBuilder();
        Printer.AppendSprintln(builder, args, RemainingWork, Limits.MaxValueDepth);
        ChargeWork(builder.Length);
        return builder.ToString();
    }

    /// <summary>The compiled regular expression of <paramref name="pattern"/> (null and Go's error when it does not
    /// compile): the template's own when the pattern is a literal of the text, compiled at parse; otherwise compiled
    /// here and kept for the rest of this execution only (at most <see cref="MaxPatternsPerExecution"/>), so what a
    /// request brings never fills state shared between requests.</summary>
    public GoRegex? Regex(string pattern, out string? error)
    {
        if (template.Patterns.TryGetValue(pattern, out var parsed)
            || (patterns is not null && patterns.TryGetValue(pattern, out parsed)))
        {
            error = null;
            return parsed;
        }
        var compiled = GoRegex.TryCompile(pattern, out error);
        if (compiled is not null)
        {
            patterns ??= new Dictionary<string, GoRegex>(StringComparer.Ordinal);
            if (patterns.Count < MaxPatternsPerExecution)
            {
                patterns[pattern] = compiled;
            }
        }
        return compiled;
    }

    // ---- entry ----

    public void Run(object? data)
    {
        var dot = data is null ? Slot.Missing : Slot.Of(data);
        if (!template.Trees.TryGetValue(template.Name, out var root))
        {
            throw TemplateException.Whole(TemplateErrorKind.Execution, template.Name,
                GoQuote.Quote(template.Name) + " is an incomplete or empty template");
        }
        PushVar("$", dot);
        try
        {
            Walk(dot, root);
        }
        catch (TemplateLimitException ex)
        {
            Fail(TemplateErrorKind.Limit, ex.Message);
        }
        catch (InsufficientExecutionStackException)
        {
            Fail(TemplateErrorKind.Limit, "execution nests too deeply for the stack");
        }
    }

    // ---- errors ----

    private void At(Node node) => current = node;

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Errorf(string message) => Fail(TemplateErrorKind.Execution, message);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Fail(TemplateErrorKind kind, string message)
    {
        if (current is null)
        {
            throw TemplateException.Whole(kind, executingName, message);
        }
        var text = template.Text;
        int position = Math.Clamp(current.Position, 0, text.Length);
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < position; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        int column = Encoding.UTF8.GetByteCount(text.AsSpan(lineStart, position - lineStart));
        throw TemplateException.Execution(kind, template.Name, executingName, line, column, current.ToString(), message);
    }

    private void CountStep()
    {
        if (Limits.OnSteps is { } onSteps && (steps + 1) % Limits.StepsPerCallback == 0) onSteps();
        if (++steps > Limits.MaxSteps)
        {
            Fail(TemplateErrorKind.Limit, "execution exceeds the limit of " + Limits.MaxSteps + " steps");
        }
    }

    private void Write(string text)
    {
        if (output.Length + (long)text.Length > outputLimit)
        {
            Fail(TemplateErrorKind.Limit, "output exceeds the limit of " + Limits.MaxOutputChars + " characters");
        }
        output.Append(text);
    }

    // ---- variables ----

    private void PushVar(string name, Slot value)
    {
        if (varCount == varNames.Length)
        {
            Array.Resize(ref varNames, varCount * 2);
            Array.Resize(ref varValues, varCount * 2);
        }
        varNames[varCount] = name;
        varValues[varCount] = value;
        varCount++;
    }

    private void PopVars(int mark)
    {
        Array.Clear(varValues, mark, varCount - mark);
        varCount = mark;
    }

    private void SetVar(string name, Slot value)
    {
        for (int i = varCount - 1; i >= frameBase; i--)
        {
            if (varNames[i] == name)
            {
                varValues[i] = value;
                return;
            }
        }
        Errorf("undefined variable: " + name);
    }

    private void SetTopVar(int n, Slot value) => varValues[varCount - n] = value;

    private Slot VarValue(string name)
    {
        for (int i = varCount - 1; i >= frameBase; i--)
        {
            if (varNames[i] == name)
            {
                return varValues[i];
            }
        }
        Errorf("undefined variable: " + name);
        return default;
    }

    // ---- walking ----

    private Signal Walk(Slot dot, Node node)
    {
        At(node);
        switch (node)
        {
            case TextNode text:
                CountStep();
                Write(text.Text);
                return Signal.None;
            case ActionNode action:
            {
                CountStep();
                var value = EvalPipeline(dot, action.Pipe);
                if (action.Pipe.Declarations.Count == 0)
                {
                    PrintValue(action, value);
                }
                return Signal.None;
            }
            case ListNode list:
            {
                var nodes = list.Nodes;
                for (int i = 0; i < nodes.Count; i++)
                {
                    var signal = Walk(dot, nodes[i]);
                    if (signal != Signal.None)
                    {
                        return signal;
                    }
                }
                return Signal.None;
            }
            case BranchNode branch:
                RuntimeHelpers.EnsureSufficientExecutionStack();
                CountStep();
                return branch.Kind == BranchKind.Range ? WalkRange(dot, branch) : WalkIfOrWith(dot, branch);
            case TemplateNode call:
                CountStep();
                WalkTemplate(dot, call);
                return Signal.None;
            case BreakNode:
                return Signal.Break;
            case ContinueNode:
                return Signal.Continue;
            case CommentNode:
                return Signal.None;
            default:
                Errorf("unknown node: " + node);
                return Signal.None;
        }
    }

    private Signal WalkIfOrWith(Slot dot, BranchNode branch)
    {
        int mark = varCount;
        try
        {
            var value = EvalPipeline(dot, branch.Pipe);
            if (!Truth.TryIsTrue(value.Concrete(), out bool truth))
            {
                Errorf("if/with can't use " + Printer.Sprint(value.Value));
            }
            if (truth)
            {
                return Walk(branch.Kind == BranchKind.With ? value : dot, branch.List);
            }
            if (branch.ElseList is not null)
            {
                return Walk(dot, branch.ElseList);
            }
            return Signal.None;
        }
        finally
        {
            PopVars(mark);
        }
    }

    private Signal WalkRange(Slot dot, BranchNode range)
    {
        At(range);
        int outerMark = varCount;
        try
        {
            var value = EvalPipeline(dot, range.Pipe).Concrete();
            int mark = varCount;
            int declared = range.Pipe.Declarations.Count;
            bool ran = false;
            switch (value.Value)
            {
                case GoSlice slice when !value.IsMissing:
                {
                    bool elementIsInterface = GoTypeNames.HasInterfaceElements(slice.TypeName);
                    for (int i = 0; i < slice.Count; i++)
                    {
                        ran = true;
                        if (OneIteration(range, mark, Slot.Of((long)i), Slot.Element(slice[i], elementIsInterface)) == Signal.Break)
                        {
                            break;
                        }
                    }
                    break;
                }
                case GoMap map when !value.IsMissing:
                {
                    bool elementIsInterface = GoTypeNames.HasInterfaceElements(map.TypeName);
                    foreach (var (key, element) in map.SortedEntries)
                    {
                        ran = true;
                        if (OneIteration(range, mark, Slot.Of(key), Slot.Element(element, elementIsInterface)) == Signal.Break)
                        {
                            break;
                        }
                    }
                    break;
                }
                case long or GoEnum when !value.IsMissing:
                {
                    // Go 1.22+: ranging over an integer n yields 0..n-1 (one variable only).
                    long count = value.Value is long n ? n : ((GoEnum)value.Value).Number;
                    if (declared > 1)
                    {
                        Errorf("can't use " + Printer.Sprint(value.Value) + " to iterate over more than one variable");
                    }
                    for (long i = 0; i < count; i++)
                    {
                        ran = true;
                        if (OneIteration(range, mark, Slot.Missing, Slot.Of(i)) == Signal.Break)
                        {
                            break;
                        }
                    }
                    break;
                }
                default:
                    if (!value.IsMissing)
                    {
                        Errorf("range can't iterate over " + Printer.Sprint(value.Value));
                    }
                    break;
            }
            if (!ran && range.ElseList is not null)
            {
                return Walk(dot, range.ElseList);
            }
            return Signal.None;
        }
        finally
        {
            PopVars(outerMark);
        }
    }

    private Signal OneIteration(BranchNode range, int mark, Slot index, Slot element)
    {
        CountStep();
        var pipe = range.Pipe;
        int declared = pipe.Declarations.Count;
        if (declared > 0)
        {
            if (pipe.IsAssign)
            {
                SetVar(pipe.Declarations[0].Ident[0], declared > 1 ? index : element);
            }
            else
            {
                SetTopVar(1, element);
            }
        }
        if (declared > 1)
        {
            if (pipe.IsAssign)
            {
                SetVar(pipe.Declarations[1].Ident[0], element);
            }
            else
            {
                SetTopVar(2, index);
            }
        }
        try
        {
            var signal = Walk(element, range.List);
            return signal == Signal.Break ? Signal.Break : Signal.None;
        }
        finally
        {
            PopVars(mark);
        }
    }

    private void WalkTemplate(Slot dot, TemplateNode call)
    {
        At(call);
        if (!template.Trees.TryGetValue(call.Name, out var root))
        {
            Errorf("template " + GoQuote.Quote(call.Name) + " not defined");
        }
        if (depth >= Limits.MaxTemplateCallDepth)
        {
            Fail(TemplateErrorKind.Limit, "exceeded maximum template depth (" + Limits.MaxTemplateCallDepth + ")");
        }
        RuntimeHelpers.EnsureSufficientExecutionStack();
        // Variables the pipeline declares stay in the caller's scope.
        var newDot = EvalPipeline(dot, call.Pipe);
        string savedName = executingName;
        int savedBase = frameBase;
        int mark = varCount;
        depth++;
        executingName = call.Name;
        frameBase = varCount;
        PushVar("$", newDot);
        try
        {
            Walk(newDot, root);
        }
        finally
        {
            PopVars(mark);
            frameBase = savedBase;
            executingName = savedName;
            depth--;
        }
    }

    // ---- pipelines and commands ----

    private Slot EvalPipeline(Slot dot, PipeNode? pipe)
    {
        if (pipe is null)
        {
            return Slot.Missing;
        }
        At(pipe);
        RuntimeHelpers.EnsureSufficientExecutionStack();
        Slot value = default;
        bool hasFinal = false;
        var commands = pipe.Commands;
        for (int i = 0; i < commands.Count; i++)
        {
            value = EvalCommand(dot, commands[i], value, hasFinal);
            hasFinal = true;
            // A value held in an interface becomes the value inside it (nil: no value).
            value = value.Concrete();
        }
        var declarations = pipe.Declarations;
        for (int i = 0; i < declarations.Count; i++)
        {
            if (pipe.IsAssign)
            {
                SetVar(declarations[i].Ident[0], value);
            }
            else
            {
                PushVar(declarations[i].Ident[0], value);
            }
        }
        return value;
    }

    private void NotAFunction(IReadOnlyList<Node>? args, bool hasFinal)
    {
        if (args is not null && args.Count > 1 || hasFinal)
        {
            Errorf("can't give argument to non-function " + args![0]);
        }
    }

    private Slot EvalCommand(Slot dot, CommandNode command, Slot final, bool hasFinal)
    {
        var first = command.Args[0];
        switch (first)
        {
            case FieldNode field:
                return EvalFieldNode(dot, field, command.Args, final, hasFinal);
            case ChainNode chain:
                return EvalChainNode(dot, chain, command.Args, final, hasFinal);
            case IdentifierNode identifier:
                return EvalFunction(dot, identifier, command, command.Args, final, hasFinal);
            case PipeNode pipe:
                NotAFunction(command.Args, hasFinal);
                return EvalPipeline(dot, pipe);
            case VariableNode variable:
                return EvalVariableNode(dot, variable, command.Args, final, hasFinal);
        }
        At(first);
        NotAFunction(command.Args, hasFinal);
        switch (first)
        {
            case BoolNode b:
                return Slot.Of(b.Value);
            case DotNode:
                return dot;
            case NilNode:
                Errorf("nil is not a command");
                break;
            case NumberNode number:
                return IdealConstant(number);
            case StringNode s:
                return Slot.Of(s.Text);
        }
        Errorf("can't evaluate command " + GoQuote.Quote(first.ToString()));
        return default;
    }

    /// <summary>A number with no type from context: float64 when written as one, else int.</summary>
    private Slot IdealConstant(NumberNode constant)
    {
        At(constant);
        var number = constant.Value;
        string text = constant.Text;
        bool isHexInt = text.Length > 2 && text[0] == '0' && text[1] is 'x' or 'X' && text.IndexOfAny(['p', 'P']) < 0;
        bool isRuneInt = text.Length > 0 && text[0] == '\'';
        if (number.IsFloat && !isHexInt && !isRuneInt && text.IndexOfAny(['.', 'e', 'E', 'p', 'P']) >= 0)
        {
            return Slot.Of(number.Float64);
        }
        if (number.IsInt)
        {
            return Slot.Of(number.Int64);
        }
        if (number.IsUint)
        {
            Errorf(text + " overflows int");
        }
        return Slot.Missing;
    }

    private Slot EvalFieldNode(Slot dot, FieldNode field, IReadOnlyList<Node>? args, Slot final, bool hasFinal)
    {
        At(field);
        return EvalFieldChain(dot, dot, field, field.Ident, args, final, hasFinal);
    }

    private Slot EvalChainNode(Slot dot, ChainNode chain, IReadOnlyList<Node>? args, Slot final, bool hasFinal)
    {
        At(chain);
        if (chain.Fields.Count == 0)
        {
            Errorf("internal error: no fields in evalChainNode");
        }
        if (chain.Node is NilNode)
        {
            Errorf("indirection through explicit nil in " + chain);
        }
        var receiver = EvalArg(dot, null, chain.Node);
        return EvalFieldChain(dot, receiver, chain, chain.Fields, args, final, hasFinal);
    }

    private Slot EvalVariableNode(Slot dot, VariableNode variable, IReadOnlyList<Node>? args, Slot final, bool hasFinal)
    {
        At(variable);
        var value = VarValue(variable.Ident[0]);
        if (variable.Ident.Length == 1)
        {
            NotAFunction(args, hasFinal);
            return value;
        }
        return EvalFieldChain(dot, value, variable, variable.Fields, args, final, hasFinal);
    }

    private Slot EvalFieldChain(Slot dot, Slot receiver, Node node, IReadOnlyList<string> ident, IReadOnlyList<Node>? args,
        Slot final, bool hasFinal)
    {
        int n = ident.Count;
        for (int i = 0; i < n - 1; i++)
        {
            receiver = EvalField(dot, ident[i], node, null, default, false, receiver);
        }
        return EvalField(dot, ident[n - 1], node, args, final, hasFinal, receiver);
    }

    private Slot EvalField(Slot dot, string fieldName, Node node, IReadOnlyList<Node>? args, Slot final, bool hasFinal, Slot receiver)
    {
        if (receiver.IsMissing)
        {
            // Go's default: a field of nothing is nothing.
            return Slot.Missing;
        }
        string typeName = receiver.StaticTypeName;
        var value = receiver.Value;
        if (receiver.IsNilInterface)
        {
            Errorf("nil pointer evaluating " + typeName + "." + fieldName);
        }
        var method = FindMethod(value, fieldName);
        if (method is not null)
        {
            return EvalMethodCall(dot, method, node, fieldName, args, final, hasFinal);
        }
        bool hasArgs = args is not null && args.Count > 1 || hasFinal;
        switch (value)
        {
            case GoStruct structure when structure.TryGetField(fieldName, out var fieldValue):
                if (hasArgs)
                {
                    Errorf(fieldName + " has arguments but cannot be invoked as function");
                }
                return fieldValue is null ? Slot.NilInterface : Slot.Of(fieldValue);
            case GoMap map:
                if (hasArgs)
                {
                    Errorf(fieldName + " is not a method but has arguments");
                }
                if (map.TryGetValue(fieldName, out var element))
                {
                    return Slot.Element(element, GoTypeNames.HasInterfaceElements(map.TypeName));
                }
                return Slot.Missing;
            case GoNilPointer:
                Errorf("nil pointer evaluating " + typeName + "." + fieldName);
                break;
        }
        Errorf("can't evaluate field " + fieldName + " in type " + typeName);
        return default;
    }

    private static GoMethod? FindMethod(object? value, string name)
    {
        switch (value)
        {
            case GoStruct structure:
                return structure.TryGetMethod(name, out var method) ? method : null;
            case GoNilPointer nil:
                return nil.FindMethod(name);
            case GoEnum e:
                // Protobuf enums: the String and Number methods templates use.
                return name switch
                {
                    "String" => _ => e.Name,
                    "Number" => _ => e.Number,
                    _ => null,
                };
            default:
                return null;
        }
    }

    private Slot EvalMethodCall(Slot dot, GoMethod method, Node node, string name, IReadOnlyList<Node>? args, Slot final, bool hasFinal)
    {
        // Methods carry no Go signature in the model: their arguments are evaluated as interface {} values.
        int argCount = args is null ? 0 : args.Count - 1;
        int total = argCount + (hasFinal ? 1 : 0);
        var values = total == 0 ? [] : new object?[total];
        for (int i = 0; i < argCount; i++)
        {
            values[i] = EvalArg(dot, ParamType.Any, args![i + 1]).Value;
        }
        if (hasFinal)
        {
            values[total - 1] = final.IsMissing ? null : final.Value;
        }
        CountStep();
        try
        {
            return Slot.Of(method(values));
        }
        catch (GoCallException ex)
        {
            At(node);
            Errorf("error calling " + name + ": " + ex.Message);
            return default;
        }
    }

    private Slot EvalFunction(Slot dot, IdentifierNode identifier, Node command, IReadOnlyList<Node>? args, Slot final, bool hasFinal)
    {
        At(identifier);
        return EvalCall(dot, identifier.Function, command, identifier.Name, args, final, hasFinal);
    }

    private Slot EvalCall(Slot dot, TemplateFunction function, Node node, string name, IReadOnlyList<Node>? args, Slot final, bool hasFinal)
    {
        int argCount = args is null ? 0 : args.Count - 1;
        int numIn = argCount + (hasFinal ? 1 : 0);
        int numFixed = argCount;
        var parameters = function.Parameters;
        if (function.Variadic is not null)
        {
            numFixed = parameters.Length;
            if (numIn < numFixed)
            {
                Errorf("wrong number of args for " + name + ": want at least " + parameters.Length + " got " + argCount);
            }
        }
        else if (numIn != parameters.Length)
        {
            Errorf("wrong number of args for " + name + ": want " + parameters.Length + " got " + numIn);
        }

        if (function.IsBuiltin && name is "and" or "or")
        {
            return EvalAndOr(dot, name == "or", args, final, hasFinal);
        }

        int baseIndex = ReserveArgs(numIn);
        try
        {
            int i = 0;
            for (; i < numFixed && i < argCount; i++)
            {
                argStack[baseIndex + i] = EvalArg(dot, parameters[i], args![i + 1]);
            }
            if (function.Variadic is not null)
            {
                for (; i < argCount; i++)
                {
                    argStack[baseIndex + i] = EvalArg(dot, function.Variadic, args![i + 1]);
                }
            }
            if (hasFinal)
            {
                ParamType type;
                if (function.Variadic is null)
                {
                    type = parameters[^1];
                }
                else
                {
                    type = numIn - 1 < numFixed ? parameters[numIn - 1] : function.Variadic;
                }
                argStack[baseIndex + i] = ValidateType(final, type);
            }
            CountStep();
            Slot result;
            try
            {
                result = function.Body(this, new ReadOnlySpan<Slot>(argStack, baseIndex, numIn));
            }
            catch (GoCallException ex)
            {
                At(node);
                Errorf("error calling " + name + ": " + ex.Message);
                return default;
            }
            catch (TemplateLimitException ex)
            {
                At(node);
                Fail(TemplateErrorKind.Limit, LimitMessage(ex, forOutput: false));
                return default;
            }
            catch (InsufficientExecutionStackException)
            {
                At(node);
                Fail(TemplateErrorKind.Limit, "value nested too deeply for the stack");
                return default;
            }
            catch (Exception ex) when (ex is not TemplateException && ex is not OperationCanceledException && !IsCallerStop(ex))
            {
                // Go recovers a panicking function into an error; a defect here must not crash the request either.
                // The caller's own stop (OnSteps throwing for a deadline) passes through.
                At(node);
                Errorf("error calling " + name + ": " + ex.Message);
                return default;
            }
            return function.ReturnsInterface && !result.IsMissing ? Slot.InInterface(result.Value) : result;
        }
        finally
        {
            ReleaseArgs(baseIndex, numIn);
        }
    }

    private Slot EvalAndOr(Slot dot, bool isOr, IReadOnlyList<Node>? args, Slot final, bool hasFinal)
    {
        Slot value = default;
        int argCount = args is null ? 0 : args.Count - 1;
        for (int i = 0; i < argCount; i++)
        {
            value = EvalArg(dot, ParamType.Raw, args![i + 1]);
            if (Truth.IsTrue(value) == isOr)
            {
                return value;
            }
        }
        if (hasFinal)
        {
            value = ValidateType(final, ParamType.Raw);
        }
        return value;
    }

    private int ReserveArgs(int count)
    {
        int start = argTop;
        if (argTop + count > argStack.Length)
        {
            Array.Resize(ref argStack, Math.Max(argStack.Length * 2, argTop + count));
        }
        argTop += count;
        return start;
    }

    private void ReleaseArgs(int start, int count)
    {
        Array.Clear(argStack, start, count);
        argTop = start;
    }

    // ---- arguments ----

    /// <summary>Evaluates one argument for a parameter of <paramref name="type"/> (null: a chain's receiver, any type).</summary>
    private Slot EvalArg(Slot dot, ParamType? type, Node n)
    {
        At(n);
        switch (n)
        {
            case DotNode:
                return ValidateType(dot, type);
            case NilNode:
                if (type is null || type.CanBeNil)
                {
                    return type?.Kind == ParamKind.Raw ? Slot.Missing : Slot.NilInterface;
                }
                Errorf("cannot assign nil to " + type);
                break;
            case FieldNode field:
                return ValidateType(EvalFieldNode(dot, field, [n], default, false), type);
            case VariableNode variable:
                return ValidateType(EvalVariableNode(dot, variable, null, default, false), type);
            case PipeNode pipe:
                return ValidateType(EvalPipeline(dot, pipe), type);
            case IdentifierNode identifier:
                return ValidateType(EvalFunction(dot, identifier, identifier, null, default, false), type);
            case ChainNode chain:
                return ValidateType(EvalChainNode(dot, chain, null, default, false), type);
        }
        switch (type?.Kind)
        {
            case null:
            case ParamKind.Any:
            case ParamKind.Raw:
                return EvalEmptyInterface(n);
            case ParamKind.Bool:
                if (n is BoolNode b)
                {
                    return Slot.Of(b.Value);
                }
                Errorf("expected bool; found " + n);
                break;
            case ParamKind.Float64:
                if (n is NumberNode { Value.IsFloat: true } f)
                {
                    return Slot.Of(f.Value.Float64);
                }
                Errorf("expected float; found " + n);
                break;
            case ParamKind.Int:
                if (n is NumberNode { Value.IsInt: true } integer)
                {
                    return Slot.Of(integer.Value.Int64);
                }
                Errorf("expected integer; found " + n);
                break;
            case ParamKind.String:
                if (n is StringNode s)
                {
                    return Slot.Of(s.Text);
                }
                Errorf("expected string; found " + n);
                break;
        }
        Errorf("can't handle " + n + " for arg of type " + type);
        return default;
    }

    private Slot EvalEmptyInterface(Node n)
    {
        At(n);
        switch (n)
        {
            case BoolNode b:
                return Slot.Of(b.Value);
            case NumberNode number:
                return IdealConstant(number);
            case StringNode s:
                return Slot.Of(s.Text);
        }
        Errorf("can't handle assignment of " + n + " to empty interface argument");
        return default;
    }

    /// <summary>Go's <c>validateType</c>: checks (and converts) a value for a parameter type.</summary>
    private Slot ValidateType(Slot value, ParamType? type)
    {
        if (type is null || type.Kind == ParamKind.Raw)
        {
            return value;
        }
        if (value.IsMissing)
        {
            if (type.CanBeNil)
            {
                return Slot.NilInterface;
            }
            Errorf("invalid value; expected " + type);
        }
        if (type.Kind == ParamKind.Any)
        {
            return value;
        }
        var dynamic = value.Value;
        if (ArgumentTypes.IsAssignable(dynamic, type))
        {
            return Slot.Of(dynamic);
        }
        if (type.Kind == ParamKind.Struct && dynamic is GoNilPointer nil && ArgumentTypes.SameStruct(nil.TypeName, type.TypeName))
        {
            Errorf("dereference of nil pointer of type " + type);
        }
        Errorf("wrong type for value; expected " + type + "; got " + (value.IsNilInterface ? GoTypeNames.Interface : GoTypeNames.Of(dynamic)));
        return default;
    }

    // ---- printing ----

    private void PrintValue(Node node, Slot value)
    {
        At(node);
        if (value.IsMissing)
        {
            Write("<no value>");
            return;
        }
        if (value.Value is GoMethod)
        {
            Errorf("can't print " + node + " of type " + GoTypeNames.Of(value.Value));
        }
        switch (value.Value)
        {
            // The common scalars print as fmt's %v prints them, without the printer.
            case string text:
                Write(text);
                return;
            case long number:
                Write(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return;
            case bool flag:
                Write(flag ? "true" : "false");
                return;
        }
        try
        {
            Printer.AppendValue(output, value.Value, outputLimit, Limits.MaxValueDepth);
        }
        catch (TemplateLimitException ex)
        {
            Fail(TemplateErrorKind.Limit, LimitMessage(ex, forOutput: true));
        }
    }

    /// <summary>The printer only knows it ran out of room; say which room.</summary>
    private string LimitMessage(TemplateLimitException ex, bool forOutput)
    {
        if (!ex.Message.StartsWith("text exceeds", StringComparison.Ordinal))
        {
            return ex.Message;
        }
        return forOutput
            ? "output exceeds the limit of " + Limits.MaxOutputChars + " characters"
            : "functions build more than " + Limits.MaxWorkChars + " characters of values";
    }

    // An exception thrown by the caller's OnSteps callback stops the execution as the caller meant it.
    private bool IsCallerStop(Exception ex) => Limits.OnSteps is not null && ex is Injector.Limits.WorkBudgetExceededException;
}
