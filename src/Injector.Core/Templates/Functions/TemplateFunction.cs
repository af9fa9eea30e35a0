using Injector.Templates.Execution;

namespace Injector.Templates.Functions;

/// <summary>A function's body: arguments already checked and converted to the parameter types.</summary>
internal delegate Slot FunctionBody(TemplateExecution execution, ReadOnlySpan<Slot> args);

/// <summary>A function a template can call: its Go signature (for arity and argument checks) and its body.</summary>
internal sealed class TemplateFunction
{
    public TemplateFunction(string name, ParamType[] parameters, ParamType? variadic, bool returnsInterface, FunctionBody body)
    {
        Name = name;
        Parameters = parameters;
        Variadic = variadic;
        ReturnsInterface = returnsInterface;
        Body = body;
    }

    public string Name { get; }

    /// <summary>The fixed parameters.</summary>
    public ParamType[] Parameters { get; }

    /// <summary>The element type of the trailing <c>...</c> parameter, if any.</summary>
    public ParamType? Variadic { get; }

    /// <summary>Declared to return <c>interface {}</c> (or <c>reflect.Value</c>): the result is held in an interface.</summary>
    public bool ReturnsInterface { get; }

    public FunctionBody Body { get; }

    /// <summary>One of Go's own builtins (only those get <c>and</c>/<c>or</c> short-circuiting).</summary>
    public bool IsBuiltin { get; init; }

    /// <summary>Why the injector refuses the function at parse time (reads the clock, the environment...), or null.</summary>
    public string? RefusedBecause { get; init; }

    /// <summary>The first parameter is a Go regular expression: a literal one is compiled when the template is parsed
    /// (<see cref="GoTemplate"/> keeps it), any other once per execution.</summary>
    public bool TakesPattern { get; init; }
}
