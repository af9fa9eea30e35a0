namespace Injector.Templates.Values;

/// <summary>
/// The values a Go <c>text/template</c> works on, as the template engine sees them. Istio's injection templates run
/// over Go data (<c>SidecarTemplateData</c>: typed structs, protobuf messages, <c>map[string]any</c> values), and what
/// a template prints or decides depends on Go's types: a missing key in a <c>map[string]string</c> indexes to
/// <c>""</c>, in a <c>map[string]any</c> to nil; a float64 from JSON prints as <c>1e+06</c>; <c>eq</c> refuses a
/// float against an int; a method on a nil proto pointer still works. So the model keeps the Go type wherever it
/// changes an answer, and nothing more.
/// <list type="bullet">
/// <item><c>null</c>: Go's nil interface (no value).</item>
/// <item><see cref="bool"/>, <see cref="long"/> (every Go int kind), <see cref="double"/> (float32/float64),
///   <see cref="string"/> (every string kind): unwrapped, for speed.</item>
/// <item>A <see cref="GoValue"/> for everything whose Go type matters: maps, slices, structs, typed nil pointers,
///   enums, durations.</item>
/// </list>
/// Values built at revision load are immutable and shared by every request; only maps and slices created by a
/// template while it runs (Sprig's <c>dict</c>, <c>list</c>) may be changed, and only by that run.
/// </summary>
public abstract class GoValue
{
    /// <summary>The Go type as <c>%T</c> and Go's error messages print it: <c>map[string]string</c>,
    /// <c>[]interface {}</c>, <c>v1.Container</c>, <c>*v1alpha1.ProxyConfig</c>.</summary>
    public abstract string TypeName { get; }
}
