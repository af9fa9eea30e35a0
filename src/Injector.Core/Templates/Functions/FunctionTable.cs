using Injector.Templates.Functions.Builtins;
using Injector.Templates.Functions.Istio;
using Injector.Templates.Functions.Sprig;

namespace Injector.Templates.Functions;

/// <summary>
/// The functions templates may call, as istiod has them: Go's <c>text/template</c> builtins, then Sprig v3.3.0's
/// <c>TxtFuncMap</c>, then Istio's injection functions (which win on a shared name: <c>indent</c>, <c>contains</c>,
/// <c>omit</c>, <c>env</c>). Functions that read the clock, the environment, randomness or the network, and the few
/// Sprig families not implemented, are known but refused when a template is parsed. Built once; immutable; shared by
/// every template and every execution. See <c>docs/templates.md</c> for the table of what is supported.
/// </summary>
public sealed class FunctionTable
{
    private readonly Dictionary<string, TemplateFunction> functions;
    private readonly Dictionary<string, TemplateFunction> builtins;

    private FunctionTable(FunctionTableOptions options)
    {
        Options = options;
        builtins = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal);
        var builtinRegistry = new FunctionRegistry(builtins, isBuiltin: true);
        GoBuiltins.Register(builtinRegistry);

        functions = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal);
        var registry = new FunctionRegistry(functions, isBuiltin: false);
        SprigFunctions.Register(registry);
        IstioFunctions.Register(registry, options);
    }

    /// <summary>Builds the table (Go builtins, Sprig, Istio).</summary>
    public static FunctionTable Create(FunctionTableOptions? options = null) => new(options ?? new FunctionTableOptions());

    public FunctionTableOptions Options { get; }

    /// <summary>Every name a template may use (refused functions excluded), sorted.</summary>
    public IReadOnlyList<string> SupportedNames =>
        [.. functions.Values.Concat(builtins.Values.Where(b => !functions.ContainsKey(b.Name)))
            .Where(f => f.RefusedBecause is null).Select(f => f.Name).Order(StringComparer.Ordinal)];

    /// <summary>Names that parse to a "not supported" error, with the reason.</summary>
    public IReadOnlyDictionary<string, string> RefusedNames =>
        functions.Values.Where(f => f.RefusedBecause is not null).ToDictionary(f => f.Name, f => f.RefusedBecause!);

    /// <summary>Go's lookup order: the template's functions first, then the builtins.</summary>
    internal bool TryGet(string name, out TemplateFunction function) =>
        functions.TryGetValue(name, out function!) || builtins.TryGetValue(name, out function!);
}
