using Injector.Istio.Install;
using Injector.Revisions;

namespace Injector.Install.Manifests;

/// <summary>
/// What the installed injector loads its revision from: the files placed in its ConfigMap (mounted at
/// <see cref="DeploymentObject.ConfigDirectory"/>) and the <c>serve</c> arguments naming them. Either this project's
/// revision YAML (<c>--config</c>, the embedded default when none) or IstioOperator files (<c>--operator-file</c>), with
/// <c>--set</c> on top of both — the same source options <c>serve</c> and <c>kube-inject</c> take. The inputs are loaded
/// here exactly as the server will load them, so a manifest never installs a revision that fails to start.
/// </summary>
internal sealed record RevisionInputs(IReadOnlyList<KeyValuePair<string, string>> Files, IReadOnlyList<string> ServeArguments)
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ManifestOptions, FactsNeeds> Needs = new();

    /// <summary>What <c>serve</c> will watch for this revision (<c>Kubernetes/ClusterFacts</c>): the nodes when its
    /// <c>ENABLE_NATIVE_SIDECARS</c> is auto, the namespaces on OpenShift. <c>--from-cluster</c> is read at run time:
    /// the nodes, as Istio's chart leaves <c>ENABLE_NATIVE_SIDECARS</c> unset (docs/install.md).</summary>
    public static (bool Nodes, bool Namespaces) ClusterFacts(ManifestOptions o)
    {
        if (o.FromCluster) return (true, false);
        var needs = Needs.GetValue(o, static options =>
        {
            var served = Load(options);
            return new FactsNeeds(served.Inputs.NativeSidecarMode is null, served.Inputs.IsOpenShift);
        });
        return (needs.Nodes, needs.Namespaces);
    }

    private sealed record FactsNeeds(bool Nodes, bool Namespaces);

    // The revision as serve will load it (the same calls as For).
    private static ServedRevision Load(ManifestOptions o)
    {
        if (o.OperatorDocuments.Count == 0)
        {
            return RevisionLoader.LoadText(o.Revision + ".yaml", RevisionConfigText.For(o.Revision, o.ConfigYaml), o.Sets, o.Revision);
        }
        var sets = new List<string>(o.Sets);
        var texts = LoadOperator(o, sets);
        if (texts.Revision.Length == 0 && o.Revision != RevisionLoader.DefaultRevisionName)
        {
            sets.Add("revision=" + o.Revision);
            texts = LoadOperator(o, sets);
        }
        return ServedRevision.Load(texts);
    }

    /// <summary>Throws <see cref="InvalidDataException"/> when the inputs do not load or name another revision.</summary>
    public static RevisionInputs For(ManifestOptions o)
    {
        if (o.FromCluster)
        {
            if (o.ConfigYaml is not null || o.OperatorDocuments.Count > 0 || o.Sets.Count > 0)
            {
                throw new InvalidDataException("--from-cluster reads the revision from Istio's ConfigMaps: it excludes --config, --operator-file and --set");
            }
            return new RevisionInputs([], ["--from-cluster", "--namespace", o.Namespace]);
        }
        var setArguments = new List<string>();
        foreach (var set in o.Sets) setArguments.AddRange(["--set", set]);

        if (o.OperatorDocuments.Count == 0)
        {
            var config = RevisionConfigText.For(o.Revision, o.ConfigYaml);
            var key = o.Revision + ".yaml";
            var served = RevisionLoader.LoadText(key, config, o.Sets, o.Revision);
            Check(served, o.Revision);
            return new RevisionInputs([new(key, config)], ["--config", DeploymentObject.ConfigDirectory, .. setArguments]);
        }

        var files = new List<KeyValuePair<string, string>>();
        var arguments = new List<string>();
        for (var i = 0; i < o.OperatorDocuments.Count; i++)
        {
            // Numbered so the mounted directory lists them in the order they apply.
            var (name, text) = o.OperatorDocuments[i];
            var key = i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + "-" + SafeName(name);
            files.Add(new(key, text.EndsWith('\n') ? text : text + "\n"));
            arguments.AddRange(["--operator-file", DeploymentObject.ConfigDirectory + "/" + key]);
        }
        var sets = new List<string>(o.Sets);
        var texts = LoadOperator(o, sets);
        if (texts.Revision.Length == 0 && o.Revision != RevisionLoader.DefaultRevisionName)
        {
            // The files leave the revision to the installer, as serve --revision does.
            sets.Add("revision=" + o.Revision);
            setArguments.AddRange(["--set", "revision=" + o.Revision]);
            texts = LoadOperator(o, sets);
        }
        Check(ServedRevision.Load(texts), o.Revision);
        return new RevisionInputs(files, [.. arguments, .. setArguments]);
    }

    private static InstallTexts LoadOperator(ManifestOptions o, IReadOnlyList<string> sets)
    {
        try
        {
            return InstallInputs.FromOperatorText(o.OperatorDocuments, sets);
        }
        catch (InstallInputException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    private static void Check(ServedRevision served, string revision)
    {
        if (served.Name != revision)
        {
            throw new InvalidDataException($"the revision inputs name revision '{served.Name}' but --revision is '{revision}'");
        }
    }

    // ConfigMap keys: letters, digits, '-', '_' and '.'.
    private static string SafeName(string path)
    {
        var name = Path.GetFileName(path);
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray();
        var safe = new string(chars);
        return safe.EndsWith(".yaml", StringComparison.Ordinal) || safe.EndsWith(".yml", StringComparison.Ordinal) ? safe : safe + ".yaml";
    }
}
