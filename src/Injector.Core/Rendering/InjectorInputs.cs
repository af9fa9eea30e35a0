using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Istio.Install;
using Injector.Istio.Mesh;
using Injector.Kube.Yaml;
using Injector.Templates;
using Injector.Templates.Functions;
using Injector.Templates.Values;

namespace Injector.Rendering;

/// <summary>
/// One revision as istiod holds it, immutable and complete at load: values parsed once (as a map for templates and
/// as typed reads), the injection config parsed once with every template parsed once, the mesh config applied once
/// onto Istio's defaults. Shared by every request.
/// </summary>
public sealed class InjectorInputs
{
    // Install texts are the operator's, not the pod's: generous limits, but still limits.
    private static readonly GoYamlLimits InstallYamlLimits = new() { MaxInputLength = 16 * 1024 * 1024, MaxNodes = 2_000_000, MaxScalarLength = 16L * 1024 * 1024 };

    private InjectorInputs(string revision, MeshConfig mesh, InjectionConfig config, object? values, RevisionValues typed, FunctionTable functions, ClusterFacts cluster)
    {
        Revision = revision;
        Mesh = mesh;
        Config = config;
        Values = values;
        Typed = typed;
        Functions = functions;
        Cluster = cluster;
        NativeSidecarMode = typed.NativeSidecarMode;
        IsOpenShift = typed.IsOpenShift;
    }

    /// <summary>The revision (<c>default</c> when the install names none), as the webhook reports it.</summary>
    public string Revision { get; }

    public MeshConfig Mesh { get; }

    public InjectionConfig Config { get; }

    /// <summary>The values as templates see them (<c>map[string]interface {}</c>, numbers float64).</summary>
    public object? Values { get; }

    /// <summary>The typed reads of the values istiod makes (<c>opconfig.Values</c>).</summary>
    public RevisionValues Typed { get; }

    public ClusterFacts Cluster { get; }

    /// <summary><c>ENABLE_NATIVE_SIDECARS</c> read once: true, false, or null (auto: the cluster's nodes decide).</summary>
    public bool? NativeSidecarMode { get; }

    /// <summary><c>platform.IsOpenShift()</c> read once: the proxy's ids come from the pod's namespace.</summary>
    public bool IsOpenShift { get; }

    internal FunctionTable Functions { get; }

    /// <summary>Loads one revision. Throws <see cref="InstallInputException"/> naming the template (line, column) or key.</summary>
    public static InjectorInputs Load(InstallTexts texts, ClusterFacts? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var (valuesNode, values) = ReadValues(texts.ValuesJson);
        var typed = new RevisionValues(valuesNode);
        var functions = FunctionTable.Create(new FunctionTableOptions
        {
            JsonToYaml = json => GoYaml.FromJson(JsonNode.Parse(json)),
            IstiodEnvironment = typed.IstiodEnvironment,
        });

        JsonNode? configNode;
        try
        {
            configNode = GoYaml.ToJson(texts.ConfigYaml ?? "", InstallYamlLimits);
        }
        catch (GoYamlException ex)
        {
            throw Fail("injection config (" + texts.Source + "): " + ex.Message);
        }
        InjectionConfig config;
        try
        {
            config = InjectionConfig.Read(configNode, (name, text) =>
            {
                try
                {
                    return GoTemplate.Parse("inject", text, functions);
                }
                catch (TemplateException ex)
                {
                    throw Fail("template " + Quote(name) + " (" + texts.Source + ") line " + ex.Line + ", column " + ex.Column + ": " + ex.Message);
                }
            });
        }
        catch (InvalidDataException ex)
        {
            throw Fail("injection config (" + texts.Source + "): " + ex.Message);
        }

        MeshConfig mesh;
        try
        {
            mesh = MeshConfig.Apply(texts.MeshYaml ?? "", MeshConfig.Default);
        }
        catch (MeshConfigException ex)
        {
            throw Fail("mesh config (" + texts.Source + "): " + ex.Message);
        }
        var revision = string.IsNullOrEmpty(texts.Revision) ? "default" : texts.Revision;
        return new InjectorInputs(revision, mesh, config, values, typed, functions, cluster ?? new ClusterFacts(null));
    }

    /// <summary>Whether pods get native sidecars absent their own annotation: <c>ENABLE_NATIVE_SIDECARS</c>, else the
    /// cluster's nodes, else on (see <see cref="ClusterFacts"/>).</summary>
    public bool NativeSidecars => NativeSidecarsWith(null);

    /// <summary>As <see cref="NativeSidecars"/> with one request's view of the nodes (<paramref name="request"/>, when
    /// known) in place of the load-time <see cref="Cluster"/>.</summary>
    public bool NativeSidecarsWith(ClusterFacts? request) =>
        NativeSidecarMode ?? request?.NativeSidecarsSupported ?? Cluster.NativeSidecarsSupported ?? true;

    private static (JsonObject Node, object? Values) ReadValues(string? json)
    {
        JsonNode? node;
        try
        {
            // istiod reads the values with yaml.Unmarshal (JSON is YAML): numbers become float64.
            node = string.IsNullOrWhiteSpace(json) ? new JsonObject() : GoYaml.ToJson(json, InstallYamlLimits);
        }
        catch (GoYamlException ex)
        {
            throw Fail("could not parse configuration values: " + ex.Message);
        }
        if (node is null) node = new JsonObject();
        if (node is not JsonObject obj) throw Fail("could not parse configuration values: the values are not a mapping");
        foreach (var key in new[] { "global", "sidecarInjectorWebhook", "pilot", "gateways" })
        {
            if (obj[key] is { } part && part is not JsonObject) throw Fail("could not parse configuration values: key " + key + " is not a mapping");
        }
        try
        {
            return (obj, GoJson.FromNode(obj));
        }
        catch (JsonException ex)
        {
            throw Fail("could not parse configuration values: " + ex.Message);
        }
    }

    private static string Quote(string text) => Templates.Formatting.GoQuote.Quote(text);

    private static InstallInputException Fail(string message) => new(message);
}
