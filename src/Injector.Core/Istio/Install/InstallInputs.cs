using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Yaml;

namespace Injector.Istio.Install;

/// <summary>
/// Istio install inputs to the three texts istiod's injector reads (<see cref="InstallTexts"/>), as Istio's
/// istio-discovery chart at the reference commit renders them (docs/revision-config.md, "Istio install inputs").
/// </summary>
public static partial class InstallInputs
{
    private const string DefaultNamespace = "istio-system";

    // Load-time only: the chart's fixed defaults, rendered once for the embedded default revision (no request input).
    private static readonly Lazy<InstallTexts> DefaultTexts = new(() =>
        Render(new JsonObject(), DefaultNamespace, "the istio-discovery chart's defaults"));

    /// <summary>What <c>helm install istiod</c> into istio-system renders with no values set.</summary>
    public static InstallTexts Default => DefaultTexts.Value;

    /// <summary><c>istioctl install -f FILE… --set PATH=VALUE…</c>: the files (IstioOperator YAML) in order, then
    /// the flags in order, over istioctl's default profile (or <c>spec.profile</c>).</summary>
    public static InstallTexts FromOperator(IReadOnlyList<string> operatorFiles, IReadOnlyList<string> sets)
    {
        ArgumentNullException.ThrowIfNull(operatorFiles);
        var documents = new List<(string, string)>(operatorFiles.Count);
        foreach (var file in operatorFiles) documents.Add((file, InstallFiles.Read(file, "IstioOperator file")));
        return FromOperatorText(documents, sets);
    }

    /// <summary><see cref="FromOperator"/> with the files' contents given (name, YAML).</summary>
    public static InstallTexts FromOperatorText(IReadOnlyList<(string Name, string Yaml)> operatorDocuments, IReadOnlyList<string> sets)
    {
        ArgumentNullException.ThrowIfNull(operatorDocuments);
        ArgumentNullException.ThrowIfNull(sets);
        var merged = OperatorMerge.Merge(operatorDocuments, sets);
        if (!OperatorMerge.PilotEnabled(merged))
        {
            throw new InstallInputException("components.pilot.enabled is false: istioctl would render no istiod, so no injector ConfigMap");
        }
        var userValues = ValueTree.Get(merged, "spec", "values") as JsonObject ?? new JsonObject();
        var source = operatorDocuments.Count == 0 && sets.Count == 0
            ? "istioctl install defaults"
            : $"istioctl install inputs ({Describe(operatorDocuments, sets)})";
        return Render(userValues, OperatorMerge.PilotNamespace(merged), source);
    }

    private static string Describe(IReadOnlyList<(string Name, string Yaml)> documents, IReadOnlyList<string> sets)
    {
        var parts = new List<string>();
        if (documents.Count > 0) parts.Add("-f " + string.Join(", ", documents.Select(d => d.Name)));
        if (sets.Count > 0) parts.Add(sets.Count == 1 ? "1 --set flag" : $"{sets.Count} --set flags");
        return string.Join("; ", parts);
    }

    private static InstallTexts Render(JsonObject userValues, string releaseNamespace, string source)
    {
        var values = ChartValues.Compute(userValues);
        var scope = ValueTree.GoPrint(ValueTree.Get(values, "global", "resourceScope"));
        if (scope is not ("all" or "namespace"))
        {
            throw new InstallInputException($"values.global.resourceScope is {scope}: the chart renders no namespaced ConfigMaps, so no injector configuration");
        }
        if (ValueTree.IsTruthy(ValueTree.Get(values, "global", "omitSidecarInjectorConfigMap")))
        {
            throw new InstallInputException("values.global.omitSidecarInjectorConfigMap is set: the chart renders no istio-sidecar-injector ConfigMap");
        }
        CheckUserTemplates(values);
        var revisionNode = values["revision"];
        var revision = ValueTree.IsTruthy(revisionNode) ? ValueTree.GoPrint(revisionNode) : "";
        // The revision names ConfigMaps, Services and labels; istioctl checks spec.revision, the chart nothing.
        if (revision.Length > 0 && !IstioNames.IsDnsLabel(revision))
        {
            throw new InstallInputException($"values.revision: {revision} is not a DNS-1123 label");
        }
        try
        {
            return new InstallTexts(
                revision,
                InjectorConfigText.Values(values),
                InjectorConfigText.Config(values),
                MeshText.Render(values, releaseNamespace),
                source);
        }
        catch (GoYamlException e)
        {
            throw new InstallInputException($"{source}: the values cannot be written as YAML: {e.Message}");
        }
    }

    /// <summary>istiod reads templates as strings; a map there would only fail later, in istiod.</summary>
    private static void CheckUserTemplates(JsonObject values)
    {
        if (ValueTree.Get(values, "sidecarInjectorWebhook", "templates") is not JsonObject templates) return;
        foreach (var (name, template) in templates)
        {
            if (template is JsonValue v && v.GetValueKind() == JsonValueKind.String) continue;
            throw new InstallInputException($"values.sidecarInjectorWebhook.templates.{name}: expected a template string");
        }
    }

    /// <summary>
    /// The injector ConfigMap mounted as a directory (istiod's <c>--injectConfig</c> layout): files <c>config</c>
    /// and <c>values</c>, taken as they are. The mesh text is <paramref name="meshConfigFile"/>'s, or when that is
    /// null the chart's default mesh for the values' revision, global settings and <c>global.istioNamespace</c>.
    /// </summary>
    public static InstallTexts FromDirectory(string injectConfigDir, string? meshConfigFile)
    {
        ArgumentNullException.ThrowIfNull(injectConfigDir);
        var configPath = Path.Combine(injectConfigDir, "config");
        var valuesPath = Path.Combine(injectConfigDir, "values");
        var config = InstallFiles.Read(configPath, "injection config");
        var valuesText = InstallFiles.Read(valuesPath, "injection values");
        InstallFiles.CheckConfig(config, configPath);
        var values = InstallFiles.ParseValues(valuesText, valuesPath);
        var mesh = meshConfigFile is null ? null : MeshFileText(meshConfigFile);
        var source = $"mounted injector ConfigMap {injectConfigDir}" + (meshConfigFile is null ? "" : $" and mesh {meshConfigFile}");
        return Complete(values, valuesText, config, mesh, source);
    }

    /// <summary>
    /// istioctl kube-inject's <c>--injectConfigFile</c>, <c>--valuesFile</c> and <c>--meshConfigFile</c>. Each file
    /// may be the bare data or a whole ConfigMap (its <c>data.config</c>, <c>data.values</c>, <c>data.mesh</c>).
    /// An inject config file without <c>templates</c> is a bare sidecar template, as istioctl reads it. A null
    /// file means the chart's default for that text (the mesh one for the values' revision).
    /// </summary>
    public static InstallTexts FromKubeInjectFiles(string? injectConfigFile, string? valuesFile, string? meshConfigFile)
    {
        string valuesText;
        if (valuesFile is null)
        {
            valuesText = Default.ValuesJson;
        }
        else
        {
            var text = InstallFiles.Read(valuesFile, "--valuesFile");
            valuesText = InstallFiles.ConfigMapData(InstallFiles.TryYaml(text), "values", "--valuesFile", valuesFile) ?? text;
        }
        var values = InstallFiles.ParseValues(valuesText, valuesFile ?? "chart default values");

        string config;
        if (injectConfigFile is null)
        {
            config = Default.ConfigYaml;
        }
        else
        {
            var text = InstallFiles.Read(injectConfigFile, "--injectConfigFile");
            var tree = InstallFiles.TryYaml(text);
            config = InstallFiles.ConfigMapData(tree, "config", "--injectConfigFile", injectConfigFile)
                ?? (HasTemplates(tree) ? text : BareTemplateConfig(text));
            InstallFiles.CheckConfig(config, injectConfigFile);
        }

        var mesh = meshConfigFile is null ? null : MeshFileText(meshConfigFile);
        var source = "kube-inject files (" + string.Join(", ",
            $"config {injectConfigFile ?? "chart default"}",
            $"values {valuesFile ?? "chart default"}",
            $"mesh {meshConfigFile ?? "chart default"}") + ")";
        return Complete(values, valuesText, config, mesh, source);
    }

    private static bool HasTemplates(JsonNode? tree) => tree is JsonObject map && map["templates"] is JsonObject { Count: > 0 };

    /// <summary>istioctl's reading of a bare template: <c>templates: {sidecar: TEXT}</c>.</summary>
    private static string BareTemplateConfig(string template) =>
        GoYaml.FromJson(new JsonObject { ["templates"] = new JsonObject { ["sidecar"] = template } });

    private static string MeshFileText(string path)
    {
        var text = InstallFiles.Read(path, "mesh config file");
        var tree = InstallFiles.TryYaml(text);
        if (tree is null) throw new InstallInputException($"mesh config file {path}: not YAML");
        return InstallFiles.ConfigMapData(tree, "mesh", "mesh config file", path) ?? text;
    }

    private static InstallTexts Complete(JsonObject values, string valuesText, string config, string? mesh, string source)
    {
        var revision = values["revision"] is JsonValue r && r.GetValueKind() == JsonValueKind.String ? r.GetValue<string>() : "";
        mesh ??= DefaultMeshFor(values);
        return new InstallTexts(revision, valuesText, config, mesh, source);
    }

    /// <summary>The chart's mesh text for an install whose injector values are <paramref name="values"/>.</summary>
    private static string DefaultMeshFor(JsonObject values)
    {
        var user = new JsonObject();
        foreach (var key in new[] { "global", "revision" })
        {
            if (values.TryGetPropertyValue(key, out var node)) user[key] = node?.DeepClone();
        }
        var ns = ValueTree.GetString(values, "global", "istioNamespace");
        return MeshText.Render(ChartValues.Compute(user), ns.Length == 0 ? DefaultNamespace : ns);
    }
}
