using Injector.Injection;
using Injector.Istio.Install;
using Injector.Revisions.Loading;

namespace Injector.Revisions;

/// <summary>
/// Builds the <see cref="RevisionTable"/> from a <see cref="RevisionSource"/>. Every kind of source ends as Istio's
/// install texts (<see cref="InstallTexts"/>) loaded into a <see cref="ServedRevision"/>; a load is all or nothing and
/// every failure is an <see cref="InvalidDataException"/> naming the file, path or value at fault.
/// </summary>
public static class RevisionLoader
{
    /// <summary>The revision name used when neither <c>--revision</c> nor the inputs name one (Istio's empty revision).</summary>
    public const string DefaultRevisionName = "default";

    /// <summary>The embedded default revision config (YAML text), used when no source is given.</summary>
    public static string EmbeddedDefaultYaml()
    {
        using var stream = typeof(RevisionLoader).Assembly.GetManifestResourceStream("default-revision.yaml")
            ?? throw new InvalidOperationException("embedded default-revision.yaml is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The project's revision YAML (file, directory or the embedded default) and <c>--revision</c>.</summary>
    public static RevisionTable Load(string? configPath, string? revision) =>
        Load(new RevisionSource { ConfigPath = configPath, Revision = revision });

    public static RevisionTable Load(RevisionSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var revision = string.IsNullOrEmpty(source.Revision) ? null : source.Revision;
        if (revision is not null && !RevisionNames.IsValid(revision))
        {
            throw new InvalidDataException(
                $"--revision '{revision}' is not a valid name (a DNS label: lower-case letters, digits and '-', at most 63 characters)");
        }

        if (source.FromCluster)
        {
            throw new InvalidOperationException("--from-cluster revisions are read from the API server by serve (ClusterRevisionSource)");
        }
        var rendered = source.InjectConfigDir is { Length: > 0 } || source.MeshConfigFile is { Length: > 0 };
        var kubeInjectFiles = source.InjectConfigFile is { Length: > 0 } || source.ValuesFile is { Length: > 0 };
        var kinds = (source.ConfigPath is { Length: > 0 } ? 1 : 0) + (source.OperatorFiles.Count > 0 ? 1 : 0)
            + (rendered || kubeInjectFiles ? 1 : 0);
        if (kinds > 1)
        {
            throw new InvalidDataException("choose one revision source: --config, --operator-file, or an install's ConfigMaps "
                + "(--inject-config-dir/--mesh-config, kube-inject's --injectConfigFile/--valuesFile/--meshConfigFile)");
        }
        if ((rendered || kubeInjectFiles) && source.Sets.Count > 0)
        {
            throw new InvalidDataException("--set applies to IstioOperator inputs and --config, not to an install's rendered ConfigMaps");
        }

        return Wrap(() =>
        {
            if (rendered || kubeInjectFiles)
            {
                var texts = kubeInjectFiles
                    ? InstallInputs.FromKubeInjectFiles(source.InjectConfigFile, source.ValuesFile, source.MeshConfigFile)
                    : source.InjectConfigDir is { Length: > 0 } dir
                        ? InstallInputs.FromDirectory(dir, source.MeshConfigFile)
                        : InstallInputs.FromKubeInjectFiles(null, null, source.MeshConfigFile);
                return Single(texts, revision);
            }
            if (source.OperatorFiles.Count > 0) return LoadOperatorFiles(source.OperatorFiles, source.Sets, revision);
            return LoadRevisionConfigs(source.ConfigPath, source.Sets, revision);
        });
    }

    /// <summary>One revision from install texts read elsewhere (a cluster's ConfigMaps); <c>--revision</c> must agree.</summary>
    public static RevisionTable LoadTexts(InstallTexts texts, string? revision) => Wrap(() => Single(texts, revision));

    // Install inputs that name their own revision: --revision must agree with it.
    private static RevisionTable Single(InstallTexts texts, string? revision)
    {
        var served = ServedRevision.Load(texts);
        if (revision is not null && revision != served.Name)
        {
            throw new InvalidDataException($"--revision '{revision}' is not the revision of {texts.Source} ('{served.Name}')");
        }
        return new RevisionTable(served.Name, [served]);
    }

    private static RevisionTable LoadOperatorFiles(IReadOnlyList<string> files, IReadOnlyList<string> sets, string? revision)
    {
        if (files.Count == 1 && Directory.Exists(files[0]))
        {
            // A directory: one revision per file, each named by its spec.revision.
            var set = RevisionFileSet.Discover(files[0]);
            var revisions = new List<(ServedRevision Revision, string File)>();
            foreach (var file in set.Files)
            {
                var served = ServedRevision.Load(InstallInputs.FromOperator([file], sets));
                revisions.Add((served, file));
            }
            return Table(revisions, files[0], revision);
        }

        var texts = InstallInputs.FromOperator(files, sets);
        if (revision is not null && texts.Revision.Length == 0 && revision != DefaultRevisionName)
        {
            // The files leave the revision to the command line, as the embedded default does.
            texts = InstallInputs.FromOperator(files, [.. sets, "revision=" + revision]);
        }
        return Single(texts, revision);
    }

    private static RevisionTable LoadRevisionConfigs(string? configPath, IReadOnlyList<string> sets, string? revision)
    {
        if (string.IsNullOrEmpty(configPath)) return EmbeddedDefault(sets, revision);

        var set = RevisionFileSet.Discover(configPath);
        if (!set.IsDirectory)
        {
            // A file without a revision: key takes its name from --revision.
            var file = set.Files[0];
            var compiled = RevisionFileReader.Read(file, revision ?? DefaultRevisionName);
            if (revision is not null && revision != compiled.Name)
            {
                throw new InvalidDataException($"--revision '{revision}' is not in {file} (it defines revision '{compiled.Name}')");
            }
            var served = FromRevisionConfig(compiled, file, sets);
            return new RevisionTable(served.Name, [served]);
        }

        var revisions = new List<(ServedRevision Revision, string File)>();
        foreach (var file in set.Files)
        {
            // In a directory, a file without a revision: key is named after the file (canary.yaml → canary).
            var compiled = RevisionFileReader.Read(file, Path.GetFileNameWithoutExtension(file));
            revisions.Add((FromRevisionConfig(compiled, file, sets), file));
        }
        return Table(revisions, set.ConfigPath, revision);
    }

    /// <summary>One revision from revision YAML text and <c>--set</c> (what <c>manifest</c> installs), loaded as
    /// <c>serve</c> will load it.</summary>
    public static ServedRevision LoadText(string source, string yaml, IReadOnlyList<string> sets, string revisionWhenUnset)
    {
        var compiled = RevisionFileReader.Compile(source, yaml, revisionWhenUnset);
        return Wrap(() => FromRevisionConfig(compiled, source, sets));
    }

    /// <summary>
    /// The embedded default: Istio's chart defaults at the reference commit with the proxy image pinned to the release
    /// default-revision.yaml names (its hub and tag), then <c>--set</c>, exactly as <c>--operator-file</c> inputs would
    /// give it. <c>--revision</c> renames it. The compiled path serves it (from default-revision.yaml, which states the
    /// same settings) when nothing is set on top.
    /// </summary>
    private static RevisionTable EmbeddedDefault(IReadOnlyList<string> sets, string? revision)
    {
        const string Source = "embedded default-revision.yaml";
        var compiled = RevisionFileReader.Compile(Source, EmbeddedDefaultYaml(), DefaultRevisionName);
        if (revision is not null && revision != compiled.Name)
        {
            compiled = CompiledRevision.Compile(compiled.Config with { Revision = revision });
        }
        // ENABLE_NATIVE_SIDECARS as the file's nativeSidecars states it, as --config writes it (RevisionConfigOperator):
        // the chart leaves it unset (auto: decided by the nodes, which serve then watches).
        List<string> all = ["values.global.hub=" + compiled.Config.Hub, "values.global.tag=" + compiled.Config.Tag,
            "values.pilot.env.ENABLE_NATIVE_SIDECARS=" + (compiled.Config.NativeSidecars ? "true" : "false")];
        if (compiled.Name != DefaultRevisionName) all.Add("revision=" + compiled.Name);
        all.AddRange(sets);
        var texts = InstallInputs.FromOperatorText([], all) with { Source = sets.Count == 0 ? Source : Source + " and --set" };
        var served = WithCompiledWhenCovered(ServedRevision.Load(texts, null, compiled.Config.ForbiddenAnnotations ?? []), compiled, sets);
        return new RevisionTable(served.Name, [served]);
    }

    // The revision YAML is a front end: its IstioOperator document is what both paths inject from. The compiled path
    // serves it only without --set, which the compiled revision cannot see, and only for settings it was proven on
    // (CompiledRevisionSupport); its PROXY_CONFIG is the mesh's, as the renderer prints it.
    private static ServedRevision FromRevisionConfig(CompiledRevision compiled, string source, IReadOnlyList<string> sets)
    {
        var document = RevisionConfigOperator.ToOperatorDocument(compiled.Config, source);
        var texts = InstallInputs.FromOperatorText([(source, document)], sets);
        return WithCompiledWhenCovered(ServedRevision.Load(texts, null, compiled.Config.ForbiddenAnnotations ?? []), compiled, sets);
    }

    // The compiled path joins a revision only without --set (which the compiled revision cannot see) and only for
    // settings it was proven on (CompiledRevisionSupport); its PROXY_CONFIG is the mesh's, as the renderer prints it.
    private static ServedRevision WithCompiledWhenCovered(ServedRevision served, CompiledRevision compiled, IReadOnlyList<string> sets)
    {
        if (sets.Count > 0 || CompiledRevisionSupport.RenderedOnlyReason(compiled.Config) is not null) return served;
        return served.WithCompiled(compiled.WithMeshProxyConfig(served.Inputs.Mesh.DefaultConfig.ToProtoJson()));
    }

    private static RevisionTable Table(List<(ServedRevision Revision, string File)> revisions, string directory, string? revision)
    {
        var byName = new Dictionary<string, (ServedRevision Revision, string File)>(StringComparer.Ordinal);
        foreach (var entry in revisions)
        {
            if (byName.TryGetValue(entry.Revision.Name, out var first))
            {
                throw new InvalidDataException($"{entry.File}: revision '{entry.Revision.Name}' is already defined by {first.File}");
            }
            byName.Add(entry.Revision.Name, entry);
        }

        var served = revision ?? ChooseServedRevision(directory, byName.Keys);
        if (!byName.ContainsKey(served))
        {
            throw new InvalidDataException(
                $"--revision '{served}' is not among the revisions in {directory} ({string.Join(", ", SortedNames(byName.Keys))})");
        }
        return new RevisionTable(served, byName.Values.Select(v => v.Revision));
    }

    // Without --revision: the only revision, else the one named "default".
    private static string ChooseServedRevision(string directory, IReadOnlyCollection<string> names)
    {
        if (names.Count == 1)
        {
            foreach (var name in names) return name;
        }
        foreach (var name in names)
        {
            if (name == DefaultRevisionName) return name;
        }
        throw new InvalidDataException(
            $"{directory} holds several revisions ({string.Join(", ", SortedNames(names))}) and none is named '{DefaultRevisionName}': choose one with --revision");
    }

    private static List<string> SortedNames(IEnumerable<string> names)
    {
        var list = new List<string>(names);
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    // Istio's input errors become the loader's one error type, as file errors are.
    private static T Wrap<T>(Func<T> load)
    {
        try
        {
            return load();
        }
        catch (InstallInputException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
        catch (Istio.Mesh.MeshConfigException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }
}
