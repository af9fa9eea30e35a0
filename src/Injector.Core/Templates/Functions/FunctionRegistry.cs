namespace Injector.Templates.Functions;

/// <summary>Fills a function table: signatures in Go's terms, bodies in the value model.</summary>
internal sealed class FunctionRegistry(Dictionary<string, TemplateFunction> target, bool isBuiltin)
{
    /// <summary>A function with fixed parameters.</summary>
    public void Add(string name, FunctionBody body, params ParamType[] parameters) =>
        Put(new TemplateFunction(name, parameters, null, returnsInterface: false, body) { IsBuiltin = isBuiltin });

    /// <summary>A function declared to return <c>interface {}</c>.</summary>
    public void AddReturningAny(string name, FunctionBody body, params ParamType[] parameters) =>
        Put(new TemplateFunction(name, parameters, null, returnsInterface: true, body) { IsBuiltin = isBuiltin });

    /// <summary>A function whose first parameter is a regular expression (see <see cref="TemplateFunction.TakesPattern"/>).</summary>
    public void AddTakingPattern(string name, FunctionBody body, params ParamType[] parameters) =>
        Put(new TemplateFunction(name, parameters, null, returnsInterface: false, body) { IsBuiltin = isBuiltin, TakesPattern = true });

    /// <summary>A function whose last parameter is <c>...variadic</c>.</summary>
    public void AddVariadic(string name, FunctionBody body, ParamType variadic, params ParamType[] parameters) =>
        Put(new TemplateFunction(name, parameters, variadic, returnsInterface: false, body) { IsBuiltin = isBuiltin });

    public void AddVariadicReturningAny(string name, FunctionBody body, ParamType variadic, params ParamType[] parameters) =>
        Put(new TemplateFunction(name, parameters, variadic, returnsInterface: true, body) { IsBuiltin = isBuiltin });

    /// <summary>A name istiod knows that the injector will not run: templates using it fail to parse, saying why.</summary>
    public void Refuse(string reason, params string[] names)
    {
        foreach (var name in names)
        {
            Put(new TemplateFunction(name, [], null, returnsInterface: false, static (_, _) => default)
            {
                IsBuiltin = isBuiltin,
                RefusedBecause = reason,
            });
        }
    }

    /// <summary>The same function under another name (Sprig's <c>tuple</c> is <c>list</c>).</summary>
    public void Alias(string name, string existing)
    {
        var f = target[existing];
        Put(new TemplateFunction(name, f.Parameters, f.Variadic, f.ReturnsInterface, f.Body)
        {
            IsBuiltin = f.IsBuiltin,
            RefusedBecause = f.RefusedBecause,
            TakesPattern = f.TakesPattern,
        });
    }

    private void Put(TemplateFunction function) => target[function.Name] = function;
}
