using System.Reflection;
using Injector.Injection;

namespace Injector.Revisions;

/// <summary>Builds the <see cref="RevisionTable"/> from the embedded default, a revision file or a directory of them.</summary>
public static class RevisionLoader
{
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
        // Placeholder: embedded default only, until the loader lands.
        var config = RevisionConfigParser.Parse(EmbeddedDefaultYaml());
        if (!string.IsNullOrEmpty(revision)) config.Revision = revision;
        return new RevisionTable(config.Revision, [CompiledRevision.Compile(config)]);
    }
}
