using Injector.Injection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Injector.Revisions.Loading;

/// <summary>Reads, parses, names and compiles one revision file; every failure names the file.</summary>
internal static class RevisionFileReader
{
    /// <param name="file">The file to read.</param>
    /// <param name="nameWhenUnset">The revision name to use when the file has no top-level <c>revision:</c> key.</param>
    public static CompiledRevision Read(string file, string nameWhenUnset)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{file}: cannot read: {ex.Message}", ex);
        }
        return Compile(file, yaml, nameWhenUnset);
    }

    /// <summary>Parses and compiles YAML text; <paramref name="source"/> names it in errors.</summary>
    public static CompiledRevision Compile(string source, string yaml, string nameWhenUnset)
    {
        if (string.IsNullOrWhiteSpace(yaml))
        {
            throw new InvalidDataException($"{source}: the file is empty");
        }

        RevisionConfig config;
        bool namesItself;
        try
        {
            namesItself = HasTopLevelRevisionKey(yaml);
            config = RevisionConfigParser.Parse(yaml);
        }
        catch (YamlException ex)
        {
            throw new InvalidDataException($"{source}: invalid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {Innermost(ex).Message}", ex);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException($"{source}: {ex.Message}", ex);
        }

        if (!namesItself) config = config with { Revision = nameWhenUnset };
        if (!RevisionNames.IsValid(config.Revision))
        {
            throw new InvalidDataException(
                $"{source}: revision: '{config.Revision}' is not a valid name (a DNS label: lower-case letters, digits and '-', at most 63 characters)");
        }

        try
        {
            return CompiledRevision.Compile(config);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{source}: {ex.Message}", ex);
        }
    }

    private static bool HasTopLevelRevisionKey(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count == 0) return false;
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException("a revision file must be a YAML mapping (key: value lines)");
        }
        return root.Children.ContainsKey(new YamlScalarNode("revision"));
    }

    // YamlDotNet wraps converter failures; the innermost message names the bad value.
    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }
}
