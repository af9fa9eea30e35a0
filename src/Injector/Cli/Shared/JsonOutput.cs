using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Workloads;

namespace Injector.Cli.Shared;

/// <summary>
/// The machine-readable forms of a listing: indented JSON written with <see cref="Utf8JsonWriter"/> (no reflection,
/// AOT-safe), or the same document as YAML (as istioctl converts its JSON), through the YAML writer kube-inject uses.
/// </summary>
internal static class JsonOutput
{
    public static void Write(TextWriter output, OutputFormat format, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }
        if (format == OutputFormat.Yaml)
        {
            var document = JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            output.Write(ManifestYamlWriter.WriteDocuments([document]));
            return;
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    /// <summary>A listing: <paramref name="table"/> for <see cref="OutputFormat.Table"/>, else <paramref name="json"/> as JSON or YAML.</summary>
    public static void Listing(TextWriter output, OutputFormat format, Action<TextWriter> table, Action<Utf8JsonWriter> json)
    {
        if (format == OutputFormat.Table) table(output);
        else Write(output, format, json);
    }
}
