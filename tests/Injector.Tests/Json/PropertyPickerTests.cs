using System.Text;
using System.Text.Json;
using Injector.Json;

namespace Injector.Tests.Json;

/// <summary>
/// The one-pass property reader must answer exactly as <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
/// does, name by name: escaped spellings of a name, repeated names (last wins), names of equal length, absent names.
/// </summary>
public sealed class PropertyPickerTests
{
    private static readonly string[] Names = ["containers", "initContainers", "volumes", "hostNetwork", "abcdefghijk"];

    // Spellings as they may appear in the JSON text: plain, escaped, and near misses.
    private static readonly string[] Spellings =
    [
        "containers", "initContainers", "volumes", "hostNetwork", "abcdefghijk", "\\u0063ontainers", "volume\\u0073",
        "containerz", "Volumes", "other", "hostNetwor", "x",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void AnswersAsTryGetPropertyDoes(int seed)
    {
        var random = new Random(seed);
        var picker = new PropertyPicker(Names);
        for (var round = 0; round < 200; round++)
        {
            var json = new StringBuilder("{");
            var count = random.Next(0, 12);
            for (var i = 0; i < count; i++)
            {
                if (i > 0) json.Append(',');
                json.Append('"').Append(Spellings[random.Next(Spellings.Length)]).Append("\":").Append(random.Next(3) switch
                {
                    0 => "[" + i + "]",
                    1 => "{\"i\":" + i + "}",
                    _ => i.ToString(),
                });
            }
            var text = json.Append('}').ToString();
            using var doc = JsonDocument.Parse(text);
            using var tree = JsonTree.Parse(text);
            var found = new JsonTreeElement[Names.Length];
            picker.Pick(tree.Root, found);
            for (var n = 0; n < Names.Length; n++)
            {
                var expected = doc.RootElement.TryGetProperty(Names[n], out var value) ? value.GetRawText() : null;
                var actual = found[n].ValueKind == JsonValueKind.Undefined ? null : found[n].GetRawText();
                Assert.True(expected == actual, json + ": " + Names[n] + " expected " + expected + ", got " + actual);
            }
        }
    }

    [Fact]
    public void NonObjectGivesNothing()
    {
        using var doc = JsonTree.Parse("[1,2]");
        var found = new JsonTreeElement[Names.Length];
        new PropertyPicker(Names).Pick(doc.Root, found);
        Assert.All(found, f => Assert.Equal(JsonValueKind.Undefined, f.ValueKind));
    }
}
