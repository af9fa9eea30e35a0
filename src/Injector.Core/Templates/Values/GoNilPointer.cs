namespace Injector.Templates.Values;

/// <summary>
/// A typed nil pointer (<c>*v1.SecurityContext(nil)</c>, <c>*wrapperspb.BoolValue(nil)</c>). Falsy. Field access is
/// Go's "nil pointer evaluating" error, but methods still run: protobuf getters (<c>GetValue</c>, <c>GetTracing</c>)
/// are written to work on a nil receiver, and templates rely on that.
/// </summary>
public sealed class GoNilPointer(string typeName, Func<string, GoMethod?>? methods = null) : GoValue
{
    public override string TypeName { get; } = typeName;

    public GoMethod? FindMethod(string name) => methods?.Invoke(name);
}
