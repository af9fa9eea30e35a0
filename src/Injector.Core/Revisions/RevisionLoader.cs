using Injector.Injection;
using Injector.Revisions.Loading;

namespace Injector.Revisions;

/// <summary>Builds the <see cref="RevisionTable"/> from the embedded default, a revision file or a directory of them.</summary>
public static class RevisionLoader
{
    /// <summary>The revision name used when neither <c>--revision</c> nor the config names one.</summary>
    public const string DefaultRevisionName = "default";

    /// <summary>The embedded default revision config (YAML text), used when no <c>--config</c> is given.</summary>
    public static string EmbeddedDefaultYaml()
    {
        using var stream = typeof(RevisionLoader).Assembly.GetManifestResourceStream("default-revision.yaml")
            ?? throw new InvalidOperationException("embedded default-revision.yaml is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Loads every revision. <paramref name="configPath"/>: null for the embedded default, a file, or a directory
    /// of revision files. <paramref name="revision"/>: the revision this process serves on <c>/inject</c>.
    /// Throws <see cref="InvalidDataException"/> with a message naming the file and setting at fault.
    /// </summary>
    public static RevisionTable Load(string? configPath, string? revision)
    {
        if (string.IsNullOrEmpty(revision)) revision = null;
        if (revision is not null && !RevisionNames.IsValid(revision))
        {
            throw new InvalidDataException(
                $"--revision '{revision}' is not a valid name (a DNS label: lower-case letters, digits and '-', at most 63 characters)");
        }

        if (string.IsNullOrEmpty(configPath))
        {
            // The embedded default is a template: --revision renames it.
            var compiled = RevisionFileReader.Compile("embedded default-revision.yaml", EmbeddedDefaultYaml(), DefaultRevisionName);
            if (revision is not null && revision != compiled.Name)
            {
                var config = compiled.Config;
                config.Revision = revision;
                compiled = CompiledRevision.Compile(config);
            }
            return new RevisionTable(compiled.Name, [compiled]);
        }

        var set = RevisionFileSet.Discover(configPath);
        return set.IsDirectory ? LoadDirectory(set, revision) : LoadFile(set.Files[0], revision);
    }

    private static RevisionTable LoadFile(string file, string? revision)
    {
        // A file without a revision: key takes its name from --revision.
        var compiled = RevisionFileReader.Read(file, revision ?? DefaultRevisionName);
        if (revision is not null && revision != compiled.Name)
        {
            throw new InvalidDataException($"--revision '{revision}' is not in {file} (it defines revision '{compiled.Name}')");
        }
        return new RevisionTable(compiled.Name, [compiled]);
    }

    private static RevisionTable LoadDirectory(RevisionFileSet set, string? revision)
    {
        var byName = new Dictionary<string, (CompiledRevision Revision, string File)>(StringComparer.Ordinal);
        foreach (var file in set.Files)
        {
            // In a directory, a file without a revision: key is named after the file (canary.yaml → canary).
            var compiled = RevisionFileReader.Read(file, Path.GetFileNameWithoutExtension(file));
            if (byName.TryGetValue(compiled.Name, out var first))
            {
                throw new InvalidDataException($"{file}: revision '{compiled.Name}' is already defined by {first.File}");
            }
            byName.Add(compiled.Name, (compiled, file));
        }

        var served = revision ?? ChooseServedRevision(set.ConfigPath, byName.Keys);
        if (!byName.ContainsKey(served))
        {
            throw new InvalidDataException(
                $"--revision '{served}' is not among the revisions in {set.ConfigPath} ({string.Join(", ", SortedNames(byName.Keys))})");
        }

        var revisions = new List<CompiledRevision>(byName.Count);
        foreach (var entry in byName.Values) revisions.Add(entry.Revision);
        return new RevisionTable(served, revisions);
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
}
