using Injector.Templates.Execution;
using Injector.Templates.Values;

namespace Injector.Templates.Functions.Sprig;

/// <summary>Sprig's type functions (reflect.go): <c>%T</c> names and reflect kinds of values in the model (every Go
/// integer kind is <c>int</c> there).</summary>
internal static class ReflectionFunctions
{
    public static void Register(FunctionRegistry r)
    {
        r.Add("typeOf", static (_, a) => Slot.Of(GoTypeNames.Of(a[0].Value)), ParamType.Any);
        r.Add("typeIs", static (_, a) => Slot.Of((string)a[0].Value! == GoTypeNames.Of(a[1].Value)), ParamType.String, ParamType.Any);
        r.Add("typeIsLike", static (_, a) => Slot.Of(TypeIsLike((string)a[0].Value!, a[1].Value)), ParamType.String, ParamType.Any);
        r.Add("kindOf", static (_, a) => Slot.Of(SprigValues.KindName(a[0].Value)), ParamType.Any);
        r.Add("kindIs", static (_, a) => Slot.Of((string)a[0].Value! == SprigValues.KindName(a[1].Value)), ParamType.String, ParamType.Any);
        r.Add("deepEqual", static (e, a) => Slot.Of(SprigValues.DeepEqual(e, a[0].Value, a[1].Value)), ParamType.Any, ParamType.Any);
    }

    private static bool TypeIsLike(string target, object? value)
    {
        string type = GoTypeNames.Of(value);
        return target == type || "*" + target == type;
    }
}
