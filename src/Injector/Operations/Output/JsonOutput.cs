using System.Text;
using System.Text.Json;

namespace Injector.Operations.Output;

/// <summary>Indented JSON for <c>-o json</c>, written with <see cref="Utf8JsonWriter"/> (no reflection, AOT-safe).</summary>
internal static class JsonOutput
{
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
