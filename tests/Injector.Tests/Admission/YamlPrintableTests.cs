using Injector.Json;
using System.Text.Json;
using Injector.Admission;

namespace Injector.Tests.Admission;

public sealed class YamlPrintableTests
{
    [Theory]
    [InlineData("""{"a":"plain text, tab\t, newline\n, é, 日本, 😀"}""", true)]
    [InlineData("""{"a":"\u0085 next line, \ud83d\ude00 escaped pair, \\u0001 escaped backslash"}""", true)]
    [InlineData("""{"a":"\u0001"}""", false)]
    [InlineData("""{"a":"\b"}""", false)]
    [InlineData("""{"a":"\f"}""", false)]
    [InlineData("""{"k\u001b":"key too"}""", false)]
    [InlineData("""{"a":"\u007f"}""", false)]
    [InlineData("""{"a":"\u0090"}""", false)]
    [InlineData("""{"a":"\uffff"}""", false)]
    [InlineData("""{"a":"\ud800"}""", false)]
    [InlineData("""{"a":"\udc00"}""", false)]
    [InlineData("""{"a":"\ud800x"}""", false)]
    public void Strings_YAML_cannot_carry_are_found(string json, bool printable)
    {
        using var document = JsonTree.Parse(json);
        Assert.Equal(printable, YamlPrintable.Holds(document.Root));
    }

    [Fact]
    public void Raw_UTF8_controls_are_found()
    {
        // DEL and U+0090 written unescaped (valid in JSON strings), U+FFFE likewise.
        foreach (var bad in (string[])["\u007f", "\u0090", "\ufffe"])
        {
            using var document = JsonTree.Parse(System.Text.Encoding.UTF8.GetBytes("{\"a\":\"x" + bad + "\"}"));
            Assert.False(YamlPrintable.Holds(document.Root), bad);
        }
        using var next = JsonTree.Parse(System.Text.Encoding.UTF8.GetBytes("{\"a\":\"\u0085\u00a0\"}"));
        Assert.True(YamlPrintable.Holds(next.Root));
    }

    [Fact]
    public void A_bad_character_is_found_wherever_it_sits_in_long_text()
    {
        // The scan skips runs of ordinary bytes in vector-sized steps: a bad character at every offset around and past
        // a vector's width, after plain text and after escapes, must still be found.
        foreach (var bad in (string[])["\\u0001", "\\b", "\u007f", "\u0090", "\ufffe"])
        {
            for (var offset = 0; offset < 140; offset++)
            {
                foreach (var filler in (string[])["a", "\\\"", "é"])
                {
                    var text = string.Concat(Enumerable.Repeat(filler, offset));
                    using var withBad = JsonTree.Parse(System.Text.Encoding.UTF8.GetBytes("{\"a\":\"" + text + bad + "z\"}"));
                    Assert.False(YamlPrintable.Holds(withBad.Root), $"{bad} after {offset} x {filler}");
                    using var good = JsonTree.Parse(System.Text.Encoding.UTF8.GetBytes("{\"a\":\"" + text + "z\"}"));
                    Assert.True(YamlPrintable.Holds(good.Root), $"{offset} x {filler}");
                }
            }
        }
    }
}
