using System.Text.Json.Nodes;
using Injector.Kube.Yaml;

namespace Injector.Istio.Install;

/// <summary>
/// istioctl's <c>MergeInputs</c> (operator/pkg/render/manifest.go) without a cluster: the <c>default</c> istioctl
/// profile, then <c>spec.profile</c>'s on top, under the IstioOperator files (in order) and <c>--set</c> flags (in
/// order); then <c>spec.hub</c>, <c>spec.tag</c>, <c>spec.revision</c>, <c>spec.meshConfig</c> and
/// <c>spec.compatibilityVersion</c> become values, <c>components.pilot.enabled</c> and
/// <c>components.cni.enabled</c> become <c>values.pilot.enabled</c> and <c>values.pilot.cni.enabled</c>, the user's
/// own <c>spec.values</c> go on top again, and <c>spec.unvalidatedValues</c> last. Every document and flag is
/// checked against <see cref="ValuesSchema"/> first, so an error names its file or flag.
/// </summary>
internal static class OperatorMerge
{
    private const int MaxDocuments = 256;
    private const int MaxSets = 4096;

    public static JsonObject Merge(IReadOnlyList<(string Name, string Yaml)> documents, IReadOnlyList<string> sets)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(sets);
        if (documents.Count > MaxDocuments) throw new InstallInputException($"more than {MaxDocuments} IstioOperator files");
        if (sets.Count > MaxSets) throw new InstallInputException($"more than {MaxSets} --set flags");
        var chartDefaults = ChartResources.SharedChartDefaults;

        var user = new JsonObject
        {
            ["apiVersion"] = "install.istio.io/v1alpha1",
            ["kind"] = "IstioOperator",
            ["metadata"] = new JsonObject(),
            ["spec"] = new JsonObject(),
        };
        foreach (var (name, yaml) in documents)
        {
            var document = ReadDocument(name, yaml);
            ValuesSchema.ValidateDocument(document, name, chartDefaults);
            // istioctl's "special hack to allow an empty spec to work".
            if (document.ContainsKey("spec") && document["spec"] is null) document.Remove("spec");
            ValueTree.MergeInto(user, document);
        }
        foreach (var text in sets)
        {
            var flag = SetFlag.Parse(text);
            flag.ApplyTo(user);
            ValuesSchema.ValidateAt(user, flag.Segments, "--set " + text, chartDefaults);
        }

        if (ValueTree.GetString(user, "spec", "installPackagePath").Length > 0)
        {
            throw new InstallInputException("spec.installPackagePath: not supported; the injector embeds the istio-discovery chart of its Istio version");
        }
        var specRevision = ValueTree.GetString(user, "spec", "revision");
        if (specRevision.Length > 0 && !IstioNames.IsDnsLabel(specRevision))
        {
            throw new InstallInputException($"spec.revision: invalid revision specified: {specRevision} (a DNS-1123 label)");
        }
        var profile = ValueTree.GetString(user, "spec", "profile");
        var merged = ReadProfile("default");
        if (profile.Length > 0 && profile != "default") ValueTree.MergeInto(merged, ReadProfile(profile));
        var userValues = ValueTree.Get(user, "spec", "values")?.DeepClone();

        ValueTree.MergeInto(merged, user);
        Translate(merged);
        if (userValues is JsonObject values) ValueTree.MergeInto(ValueTree.EnsureMap(merged, "spec", "values"), values);
        if (ValueTree.Get(merged, "spec", "unvalidatedValues") is JsonObject unvalidated)
        {
            ValueTree.MergeInto(ValueTree.EnsureMap(merged, "spec", "values"), unvalidated);
        }
        return merged;
    }

    private static JsonObject ReadDocument(string name, string yaml)
    {
        if (yaml is null) throw new InstallInputException($"{name}: no content");
        if (CountDocuments(yaml) > 1)
        {
            throw new InstallInputException($"{name}: contains multiple IstioOperator CRs, only one per file is supported");
        }
        JsonNode? node;
        try
        {
            node = GoYaml.ToJson(yaml);
        }
        catch (GoYamlException e)
        {
            throw new InstallInputException($"{name}: {e.Message}");
        }
        return node switch
        {
            null => new JsonObject(),
            JsonObject map => map,
            _ => throw new InstallInputException($"{name}: not an IstioOperator (a YAML map with spec)"),
        };
    }

    /// <summary>Documents with content in a YAML stream, split at <c>---</c> lines as istioctl's manifest parser
    /// splits them.</summary>
    private static int CountDocuments(string yaml)
    {
        var count = 0;
        var hasContent = false;
        foreach (var rawLine in yaml.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line == "---" || line.StartsWith("--- ", StringComparison.Ordinal))
            {
                if (hasContent) count++;
                hasContent = false;
                continue;
            }
            var trimmed = line.TrimStart();
            if (trimmed.Length > 0 && !trimmed.StartsWith('#')) hasContent = true;
        }
        return hasContent ? count + 1 : count;
    }

    private static JsonObject ReadProfile(string profile) =>
        ChartResources.OperatorProfile(profile)
        ?? throw new InstallInputException($"spec.profile: profile \"{profile}\" not found (known: ambient, default, demo, empty, minimal, openshift, openshift-ambient, preview, remote, stable)");

    /// <summary>istioctl's <c>translateIstioOperatorToHelm</c>.</summary>
    private static void Translate(JsonObject merged)
    {
        (string From, string To)[] translations =
        [
            ("hub", "global.hub"),
            ("tag", "global.tag"),
            ("revision", "revision"),
            ("meshConfig", "meshConfig"),
            ("compatibilityVersion", "compatibilityVersion"),
        ];
        var spec = ValueTree.EnsureMap(merged, "spec");
        foreach (var (from, to) in translations)
        {
            if (!spec.TryGetPropertyValue(from, out var value) || value is null) continue;
            if (value is JsonObject map)
            {
                ValueTree.MergeInto(ValueTree.EnsureMap(spec, "values", "meshConfig"), map);
                continue;
            }
            // istioctl prints the value with %v and reads it back as a --set value; the revision stays a string
            // (a DNS label of digits would otherwise become a number).
            var text = ValueTree.GoPrint(value);
            if (to == "revision") ValueTree.EnsureMap(spec, "values")["revision"] = text;
            else SetFlag.Parse($"values.{to}={text}").ApplyTo(merged);
        }
        var pilot = ValueTree.EnsureMap(spec, "values", "pilot");
        pilot["enabled"] = ValueTree.GetBool(merged, "spec", "components", "pilot", "enabled");
        ValueTree.EnsureMap(pilot, "cni")["enabled"] = ValueTree.GetBool(merged, "spec", "components", "cni", "enabled");
        var istioNamespace = ValueTree.GetString(merged, "spec", "values", "global", "istioNamespace");
        if (istioNamespace.Length > 0) ValueTree.EnsureMap(merged, "metadata")["namespace"] = istioNamespace;
    }

    /// <summary>Whether istioctl would render istiod (component <c>pilot</c>; on unless disabled).</summary>
    public static bool PilotEnabled(JsonObject merged) =>
        ValueTree.Get(merged, "spec", "components", "pilot") is not JsonObject pilot
        || pilot["enabled"] is null
        || ValueTree.GetBool(pilot, "enabled");

    /// <summary>The namespace istiod is rendered into (component.Get): the pilot component's namespace, else
    /// <c>metadata.namespace</c> (which <c>values.global.istioNamespace</c> sets), else istio-system.</summary>
    public static string PilotNamespace(JsonObject merged)
    {
        var ns = ValueTree.GetString(merged, "spec", "components", "pilot", "namespace");
        if (ns.Length == 0) ns = ValueTree.GetString(merged, "metadata", "namespace");
        return ns.Length == 0 ? "istio-system" : ns;
    }
}
