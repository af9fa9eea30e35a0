namespace Injector.Templates.Functions;

/// <summary>What the function table needs from the rest of the injector.</summary>
public sealed record FunctionTableOptions
{
    /// <summary>
    /// The JSON → YAML step of Istio's <c>toYaml</c> (<c>sigs.k8s.io/yaml.JSONToYAML</c>: go-yaml v2 output, sorted
    /// keys). The engine produces the JSON with <c>encoding/json</c> rules and hands it over; null uses a simple built-in
    /// emitter (block style, sorted keys) that is good enough for tests but not byte-exact with go-yaml in every case.
    /// Throwing makes <c>toYaml</c> return <c>""</c>, as Istio does when marshalling fails.
    /// </summary>
    public Func<string, string>? JsonToYaml { get; init; }

    /// <summary>
    /// istiod's environment for Istio's <c>env KEY DEFAULT</c>. The injector is not istiod, so by default nothing is
    /// set and <c>env</c> returns its default.
    /// </summary>
    public IReadOnlyDictionary<string, string>? IstiodEnvironment { get; init; }
}
