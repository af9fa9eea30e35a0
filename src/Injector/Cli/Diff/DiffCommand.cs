using System.Text.Json.Nodes;
using Injector.Common;
using Injector.Istio;
using Injector.Kubernetes;
using Injector.Operations.Diff;
using Injector.Operations.Migration;
using Injector.Workloads;

namespace Injector.Cli.Diff;

/// <summary>Reads the workloads and revision sources, asks <see cref="WorkloadDiff"/> for each workload, prints the report.</summary>
internal static class DiffCommand
{
    public static async Task<int> RunAsync(DiffSettings settings, CommandIo io, IInjectionEngine engine, CancellationToken ct)
    {
        if ((settings.Namespace is null) == (settings.Filename is null)) throw CommandException.BadInput("give -n NAMESPACE (live workloads) or -f FILE, not both and not neither");
        foreach (var name in (ReadOnlySpan<string>)[settings.From, settings.To])
        {
            if (!IstioNames.IsDnsLabel(name)) throw CommandException.BadInput($"revision '{name}' must be a DNS label (lower-case letters, digits, '-')");
        }

        var cluster = settings.Namespace is null ? null : settings.Connection.Connect();
        using var temporary = new TemporaryConfigs();
        var from = await SourceAsync(settings.From, settings.FromConfig ?? settings.Config, cluster, settings.InstallNamespace, temporary, ct).ConfigureAwait(false);
        var to = await SourceAsync(settings.To, settings.ToConfig ?? settings.Config, cluster, settings.InstallNamespace, temporary, ct).ConfigureAwait(false);
        var workloads = cluster is null
            ? ReadFile(settings.Filename!, io.In)
            : await ReadNamespaceAsync(cluster, settings.Namespace!, ct).ConfigureAwait(false);

        var diffs = new List<WorkloadDiff>();
        foreach (var workload in workloads)
        {
            if (WorkloadDiff.Of(workload, engine, from, to) is { } diff) diffs.Add(diff);
        }
        DiffReport.Write(io.Out, settings.Output, diffs, settings.Namespace ?? settings.Filename!);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// A config path wins; online without one, the revision's ConfigMap <c>injector-R</c> (key <c>R.yaml</c>, as
    /// <c>injector manifest</c> installs it); offline, the embedded default named R (as <c>kube-inject --revision R</c>).
    /// </summary>
    private static async Task<DiffRevision> SourceAsync(string revision, string? config, InjectorCluster? cluster, string installNamespace,
        TemporaryConfigs temporary, CancellationToken ct)
    {
        if (config is not null)
        {
            if (!File.Exists(config) && !Directory.Exists(config)) throw CommandException.BadInput("revision config " + config + ": no such file or directory");
            return new DiffRevision(revision, config);
        }
        if (cluster is null) return new DiffRevision(revision, null);
        var name = "injector-" + revision;
        var configMap = await cluster.GetConfigMapAsync(installNamespace, name, ct).ConfigureAwait(false)
            ?? throw CommandException.Failure($"revision {revision}: no ConfigMap {installNamespace}/{name} to read its config from; give --config (or --from-config/--to-config)");
        var text = JsonFields.String(configMap["data"]?[revision + ".yaml"])
            ?? throw CommandException.Failure($"revision {revision}: ConfigMap {installNamespace}/{name} has no key {revision}.yaml; give --config");
        return new DiffRevision(revision, temporary.Write(revision, text));
    }

    private static List<JsonObject> ReadFile(string filename, TextReader stdin)
    {
        List<JsonNode> documents;
        if (filename == "-")
        {
            documents = ManifestYamlReader.ReadDocuments(stdin);
        }
        else
        {
            if (!File.Exists(filename)) throw CommandException.BadInput(filename + ": no such file");
            using var reader = File.OpenText(filename);
            try
            {
                documents = ManifestYamlReader.ReadDocuments(reader);
            }
            catch (InvalidDataException e)
            {
                throw CommandException.BadInput(filename + ": " + e.Message);
            }
        }
        var workloads = new List<JsonObject>();
        foreach (var document in documents)
        {
            if (KubernetesList.IsList(document))
            {
                foreach (var item in KubernetesList.Items(document)) if (item is JsonObject o) workloads.Add(o);
            }
            else if (document is JsonObject o)
            {
                workloads.Add(o);
            }
        }
        return workloads;
    }

    private static async Task<List<JsonObject>> ReadNamespaceAsync(InjectorCluster cluster, string ns, CancellationToken ct)
    {
        await cluster.GetNamespaceAsync(ns, ct).ConfigureAwait(false); // a missing namespace is an error, not an empty report
        var workloads = new List<JsonObject>();
        foreach (var (resource, _) in WorkloadRestart.Kinds)
        {
            foreach (var item in await cluster.ListWorkloadsAsync(ns, resource, ct).ConfigureAwait(false))
            {
                // List items carry no apiVersion/kind; the pod-template locator needs them.
                item["apiVersion"] = "apps/v1";
                item["kind"] = KindOf(resource);
                workloads.Add(item);
            }
        }
        return workloads;
    }

    private static string KindOf(string resource) => resource switch
    {
        "deployments" => "Deployment",
        "statefulsets" => "StatefulSet",
        _ => "DaemonSet",
    };

    /// <summary>Revision configs read from ConfigMaps, written where <c>RevisionLoader</c> can read them, and removed after.</summary>
    private sealed class TemporaryConfigs : IDisposable
    {
        private string? _directory;

        public string Write(string revision, string text)
        {
            _directory ??= Directory.CreateTempSubdirectory("injector-diff-").FullName;
            var path = Path.Combine(_directory, revision + ".yaml");
            File.WriteAllText(path, text);
            return path;
        }

        public void Dispose()
        {
            if (_directory is not null) Directory.Delete(_directory, recursive: true);
        }
    }
}
