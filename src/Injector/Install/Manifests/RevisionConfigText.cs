using System.Text.RegularExpressions;
using Injector.Revisions;

namespace Injector.Install.Manifests;

/// <summary>The revision config placed in the ConfigMap: the user's file as written, or the embedded default renamed.</summary>
internal static partial class RevisionConfigText
{
    /// <summary>
    /// Returns the YAML to install. A user file must already name <paramref name="revision"/>: silently renaming it
    /// would install something other than what was reviewed. Throws <see cref="InvalidDataException"/> otherwise.
    /// </summary>
    public static string For(string revision, string? userYaml)
    {
        if (userYaml is not null)
        {
            RevisionConfig parsed;
            try
            {
                parsed = RevisionConfigParser.Parse(userYaml);
            }
            catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidDataException)
            {
                throw new InvalidDataException("--config: not a valid revision config: " + e.Message, e);
            }
            if (parsed.Revision != revision)
            {
                throw new InvalidDataException($"--config names revision '{parsed.Revision}' but --revision is '{revision}'");
            }
            return userYaml.EndsWith('\n') ? userYaml : userYaml + "\n";
        }
        // Text edit instead of parse-and-reserialize: keeps the embedded file's comments, order and any keys the
        // schema grows later, changing only the top-level revision line.
        var text = RevisionLoader.EmbeddedDefaultYaml();
        var line = "revision: " + revision;
        return RevisionLine().IsMatch(text) ? RevisionLine().Replace(text, line, 1) : line + "\n" + text;
    }

    [GeneratedRegex(@"^revision:[^\r\n]*", RegexOptions.Multiline)]
    private static partial Regex RevisionLine();
}
