using System.Buffers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Injector.Json;

namespace Injector.Tests.Json;

/// <summary>
/// <see cref="JsonTreeScanner"/> may only say "here are the rows" when <see cref="Utf8JsonReader"/> would build exactly
/// those rows; on everything else it must leave the text to the reader. Generated JSON is checked as is and with bytes
/// inserted, replaced or removed (controls, escapes, non-ASCII, invalid UTF-8, number and literal pieces).
/// </summary>
public sealed class JsonTreeScannerTests
{
    // Bytes that matter to the grammar, plus some that never may appear unescaped or at all.
    private static readonly byte[] Pieces =
        [.. " \t\r\n\v\f\0\u001f,:{}[]\"\\/-+.eE0123456789tfnrbuaxAF"u8, 0xC3, 0xA9, 0xFF, 0xE2, 0x82, 0xED, 0xA0, 0xEF, 0xBB, 0xBF];

    // Enough for the vector compare of a string that starts at the text's last byte.
    private static readonly byte[] Padding = "                 "u8.ToArray();

    [Fact]
    public void Accepts_every_well_formed_text_with_the_reader_s_rows()
    {
        Gen.Int.Sample(seed =>
        {
            var text = Encoding.UTF8.GetBytes(JsonTreeTests.Value(new Random(seed), 0));
            Assert.True(Compare(text, 64), Encoding.UTF8.GetString(text) + ": left to the reader");
            // With whitespace after it, every string of the text is read by the vector path (16 bytes at a time).
            Assert.True(Compare([.. text, .. Padding], 64), Encoding.UTF8.GetString(text) + ": left to the reader when padded");
        }, iter: 3000);
    }

    [Fact]
    public void Never_accepts_what_the_reader_refuses_and_never_differs()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var text = Encoding.UTF8.GetBytes(JsonTreeTests.Value(random, 0)).ToList();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(text.Count + 1);
                var piece = Pieces[random.Next(Pieces.Length)];
                switch (random.Next(3))
                {
                    case 0: text.Insert(at, piece); break;
                    case 1 when at < text.Count: text[at] = piece; break;
                    default: if (at < text.Count) text.RemoveAt(at); break;
                }
            }
            Compare([.. text], 64);
            Compare([.. text, .. Padding], 64);
        }, iter: 20000);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData(" ", false)]
    [InlineData("1", true)]
    [InlineData(" -0.5e+7 ", true)]
    [InlineData("01", false)]
    [InlineData("1.", false)]
    [InlineData("-", false)]
    [InlineData("+1", false)]
    [InlineData(".5", false)]
    [InlineData("1e", false)]
    [InlineData("1 2", false)]
    [InlineData("tru", false)]
    [InlineData("truex", false)]
    [InlineData("nul", false)]
    [InlineData("[1,]", false)]
    [InlineData("{\"a\":1,}", false)]
    [InlineData("{\"a\" 1}", false)]
    [InlineData("{1:1}", false)]
    [InlineData("[1}", false)]
    [InlineData("{\"a\":1]", false)]
    [InlineData("[] []", false)]
    [InlineData("[/**/]", false)]
    [InlineData("\"a\\x\"", false)]
    [InlineData("\"\\u12g4\"", false)]
    [InlineData("\"\\u123\"", false)]
    [InlineData("\"\\ud800\"", false)]
    [InlineData("\"\\udc00\"", false)]
    [InlineData("\"\\ud800\\u0041\"", false)]
    [InlineData("\"\\ud800\\ud800\"", false)]
    [InlineData("\"\\ud800x\"", false)]
    [InlineData("\"\\ud83d\\ude00\"", true)]
    [InlineData("\"\\uD83D\\uDE00\\u00e9\"", true)]
    [InlineData("\"a\tb\"", false)]
    [InlineData("\"unterminated", false)]
    [InlineData("\"\\", false)]
    [InlineData("\u00a0[]", false)]
    [InlineData("[                                \n\r\t  1   \t                 ]", true)]
    [InlineData("[                                \n\r\t  1   \u000b                 ]", false)]
    [InlineData("[\"a string with a control character after sixteen bytes\u0001\"            ]", false)]
    [InlineData("{\"\\\"\":[true,false,null,{}],\"b\":\"\\/\\b\\f\\n\\r\\t\\\\\"}", true)]
    public void Edge_cases_match_the_reader(string text, bool accepted)
    {
        Assert.Equal(accepted, Compare(Encoding.UTF8.GetBytes(text), 64));
    }

    [Theory]
    [InlineData("{\"a\":\"plain\\n\\t\\\"\\/\"}", true)]
    [InlineData("{\"a\":\"\\u0041\"}", false)]
    [InlineData("{\"a\":\"\\b\"}", false)]
    [InlineData("{\"é\":1}", false)]
    [InlineData("[\"a long plain string, more than sixteen bytes\", \"and then é after it, also long enough\"]", false)]
    [InlineData("[\"a long plain string, more than sixteen bytes\", \"and then \u007f after it, also long enough\"]", false)]
    [InlineData("[1, true, null, \"~ is the last plain one\"]", true)]
    public void The_plain_ASCII_flag_matches_the_strings(string json, bool plain)
    {
        Assert.True(Compare(Encoding.UTF8.GetBytes(json), 64));
        var rows = ArrayPool<JsonTree.Row>.Shared.Rent(16);
        Assert.True(JsonTreeScanner.TryScan(Encoding.UTF8.GetBytes(json), 64, ref rows, new int[65], out var plainAscii));
        Assert.Equal(plain, plainAscii);
        ArrayPool<JsonTree.Row>.Shared.Return(rows);
    }

    [Theory]
    [InlineData(3, 3, true)]
    [InlineData(4, 3, false)]
    [InlineData(64, 64, true)]
    [InlineData(65, 64, false)]
    public void Depth_over_the_limit_is_left_to_the_reader(int depth, int maxDepth, bool accepted)
    {
        var text = Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth));
        Assert.Equal(accepted, Compare(text, maxDepth));
    }

    [Fact]
    public void Invalid_utf8_is_left_to_the_reader()
    {
        Assert.False(Compare([(byte)'"', 0xC3, (byte)'"'], 64));
        Assert.False(Compare([(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'], 64));
        Assert.True(Compare([(byte)'"', 0xC3, 0xA9, (byte)'"'], 64));
    }

    /// <summary>
    /// What the scanner's plain-ASCII flag must say, worked out from the reader's rows: every string and name only
    /// U+0020–U+007E, escaped at most as \" \\ \/ \n \r \t.
    /// </summary>
    private static bool PlainAscii(byte[] text, JsonTree.Row[] rows, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (rows[i].Kind != JsonValueKind.String) continue;
            var raw = text.AsSpan(rows[i].Start, rows[i].Length);
            for (var k = 0; k < raw.Length; k++)
            {
                if (raw[k] is < 0x20 or > 0x7E) return false;
                if (raw[k] != '\\') continue;
                if ("\"\\/nrt"u8.IndexOf(raw[++k]) < 0) return false;
            }
        }
        return true;
    }

    /// <summary>Whether the fast pass accepted <paramref name="text"/>; when it did, the reader must agree row for row.</summary>
    private static bool Compare(byte[] text, int maxDepth)
    {
        var fast = ArrayPool<JsonTree.Row>.Shared.Rent(16);
        var read = ArrayPool<JsonTree.Row>.Shared.Rent(16);
        try
        {
            var scanned = JsonTreeScanner.TryScan(text, maxDepth, ref fast, new int[maxDepth + 1], out var plainAscii);
            string? refused = null;
            try
            {
                JsonTree.ReadRows(text, maxDepth, ref read, new int[maxDepth + 1]);
            }
            catch (JsonException e)
            {
                refused = e.Message;
            }
            if (!scanned) return false;
            var shown = Encoding.UTF8.GetString(text);
            Assert.True(refused is null, shown + ": accepted by the fast pass, refused by the reader: " + refused);
            var count = read[0].End;
            Assert.Equal(count, fast[0].End);
            for (var i = 0; i < count; i++) Assert.True(read[i].Equals(fast[i]), shown + ": row " + i + " differs");
            Assert.True(plainAscii == PlainAscii(text, read, count), shown + ": plain ASCII " + plainAscii);
            return true;
        }
        finally
        {
            ArrayPool<JsonTree.Row>.Shared.Return(fast);
            ArrayPool<JsonTree.Row>.Shared.Return(read);
        }
    }
}
