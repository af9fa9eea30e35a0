using System.Text;
using System.Text.Json;
using CsCheck;
using Injector.Json;

namespace Injector.Tests.Json;

/// <summary>
/// The engine reads pods through <see cref="JsonTree"/>; every member it uses must answer as <see cref="JsonDocument"/>'s
/// <see cref="JsonElement"/> does. Generated JSON (escapes, repeated names, numbers of every shape, nesting) is read by
/// both and every observation compared; broken texts must be refused by both.
/// </summary>
public sealed class JsonTreeTests
{
    private static readonly string[] Names = ["a", "b", "name", "n\\u0061me", "\\u00e9", "é", "x\\\"y", "", "containers"];
    private static readonly string[] Strings =
        ["", "x", "name", "n\\u0061me", "\\n\\t\\\\\\/", "\\u00e9", "é", "名前", "\\ud83d\\ude00", "😀", "<&>'", "\\u003c", "a\\\"b", "80", "null",
         "a plain run longer than one vector of sixteen bytes", "sixteen bytes...\\n", "fifteen bytes..\\u00e9 then more", "more than 16 bytes: é 名前 😀 \\\" still going"];
    private static readonly string[] Numbers = ["0", "-0", "80", "8e1", "80.0", "-1.5e-3", "2147483647", "2147483648", "-9223372036854775809", "1E+2", "0.000"];

    [Fact]
    public void Answers_as_JsonDocument_on_generated_json()
    {
        Gen.Int.Sample(seed =>
        {
            var text = Value(new Random(seed), 0);
            AssertSame(text);
        }, iter: 2000);
    }

    [Fact]
    public void Refuses_what_JsonDocument_refuses()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var text = Value(random, 0);
            var at = random.Next(text.Length + 1);
            var broken = random.Next(3) switch
            {
                0 => text[..at],
                1 => text.Insert(at, new[] { ",", "}", "]", "\"", "//", " x", "01", "\\" }[random.Next(8)]),
                _ => text + new[] { " ", " 1", ",", "\n{}" }[random.Next(4)],
            };
            var documentError = ParseError(() => JsonDocument.Parse(broken).Dispose());
            var treeError = ParseError(() => JsonTree.Parse(broken).Dispose());
            Assert.True(documentError == treeError, broken + ": JsonDocument " + (documentError ?? "accepts") + ", JsonTree " + (treeError ?? "accepts"));
            if (documentError is null) AssertSame(broken);
        }, iter: 2000);
    }

    [Theory]
    [InlineData(63, true)]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Depth_limit_is_JsonDocument_s(int depth, bool accepted)
    {
        var text = new string('[', depth) + new string(']', depth);
        Assert.Equal(accepted, ParseError(() => JsonDocument.Parse(text).Dispose()) is null);
        Assert.Equal(accepted, ParseError(() => JsonTree.Parse(text).Dispose()) is null);
    }

    [Fact]
    public void Depth_zero_is_the_reader_s_default()
    {
        var deepest = new string('[', 64) + new string(']', 64);
        using (var tree = JsonTree.Parse(System.Text.Encoding.UTF8.GetBytes(deepest), maxDepth: 0)) Assert.Equal(JsonValueKind.Array, tree.Root.ValueKind);
        Assert.NotNull(ParseError(() => JsonTree.Parse(System.Text.Encoding.UTF8.GetBytes("[" + deepest + "]"), maxDepth: 0).Dispose()));
    }

    [Fact]
    public void Default_is_undefined()
    {
        Assert.Equal(JsonValueKind.Undefined, default(JsonTreeElement).ValueKind);
    }

    private static string? ParseError(Action parse)
    {
        try
        {
            parse();
            return null;
        }
        catch (JsonException e)
        {
            return e.Message;
        }
        catch (ArgumentException e)
        {
            return "not UTF-16: " + (e is ArgumentException);   // a surrogate pair cut in two
        }
    }

    private static void AssertSame(string text)
    {
        using var document = JsonDocument.Parse(text);
        using var tree = JsonTree.Parse(text);
        Assert.Equal(Describe(document.RootElement), Describe(tree.Root));
        Assert.Equal(Observe(() => Written(w => document.RootElement.WriteTo(w))), Observe(() => Written(w => tree.Root.WriteTo(w))));
        // DeepEquals between every pair of the root's items (lists keyed by a member compare values this way).
        if (document.RootElement.ValueKind == JsonValueKind.Array)
        {
            var expected = document.RootElement.EnumerateArray().ToArray();
            var actual = tree.Root.EnumerateArray().ToArray();
            for (var i = 0; i < expected.Length; i++)
            {
                for (var j = 0; j < expected.Length; j++)
                {
                    var (l, r, el, er) = (expected[i], expected[j], actual[i], actual[j]);
                    Assert.True(Observe(() => JsonElement.DeepEquals(l, r).ToString()) == Observe(() => JsonTreeElement.DeepEquals(el, er).ToString()),
                        l.GetRawText() + " vs " + r.GetRawText());
                }
            }
        }
    }

    // A string with half a surrogate pair escaped reads (and writes) as an exception in both.
    private static string Observe(Func<string> observe)
    {
        try
        {
            return observe();
        }
        catch (InvalidOperationException e)
        {
            return "throws " + e.GetType().Name;
        }
    }

    private static string Written(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // Everything the engine can observe, as text: kinds, raw text, decoded strings, comparisons, lookups by name.
    private static string Describe(JsonElement e)
    {
        var s = new StringBuilder();
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                s.Append("{ ");
                foreach (var p in e.EnumerateObject())
                {
                    s.Append(Observe(() => p.Name + (p.NameEquals(p.Name) ? "=" : "!") + (p.NameEquals(p.Name + "x") ? "?" : ""))).Append(": ").Append(Describe(p.Value)).Append(", ");
                }
                foreach (var name in Names)
                {
                    var decoded = Decoded(name);
                    s.Append(" get ").Append(decoded).Append(e.TryGetProperty(decoded, out var v) ? "=" + v.GetRawText() : " absent")
                        .Append(e.TryGetProperty(Encoding.UTF8.GetBytes(decoded), out var u) ? "=" + u.GetRawText() : " absent");
                }
                return s.Append('}').ToString();
            case JsonValueKind.Array:
                s.Append('[').Append(e.GetArrayLength()).Append(": ");
                foreach (var item in e.EnumerateArray()) s.Append(Describe(item)).Append(", ");
                return s.Append(']').ToString();
            case JsonValueKind.String:
                return Observe(() => "s(" + e.GetString()! + ")" + e.ValueEquals(e.GetString()) + e.ValueEquals(Encoding.UTF8.GetBytes(e.GetString()!)) + e.ValueEquals(e.GetString() + "x")
                    + e.ValueEquals(e.GetString().AsSpan()) + e.GetRawText() + Encoding.UTF8.GetString(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(e)));
            case JsonValueKind.Number:
                return "n(" + e.GetRawText() + (e.TryGetInt32(out var i) ? " i" + i : " -") + (e.TryGetInt64(out var l) ? " l" + l : " -") + ")";
            case JsonValueKind.Null:
                return "null" + e.ValueEquals((string?)null) + e.ValueEquals("") + e.GetString();
            default:
                return e.ValueKind + " " + e.GetBoolean();
        }
    }

    private static string Describe(JsonTreeElement e)
    {
        var s = new StringBuilder();
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                s.Append("{ ");
                foreach (var p in e.EnumerateObject())
                {
                    s.Append(Observe(() => p.Name + (p.NameEquals(p.Name) ? "=" : "!") + (p.NameEquals(p.Name + "x") ? "?" : ""))).Append(": ").Append(Describe(p.Value)).Append(", ");
                }
                foreach (var name in Names)
                {
                    var decoded = Decoded(name);
                    s.Append(" get ").Append(decoded).Append(e.TryGetProperty(decoded, out var v) ? "=" + v.GetRawText() : " absent")
                        .Append(e.TryGetProperty(Encoding.UTF8.GetBytes(decoded), out var u) ? "=" + u.GetRawText() : " absent");
                }
                return s.Append('}').ToString();
            case JsonValueKind.Array:
                s.Append('[').Append(e.GetArrayLength()).Append(": ");
                foreach (var item in e.EnumerateArray()) s.Append(Describe(item)).Append(", ");
                return s.Append(']').ToString();
            case JsonValueKind.String:
                return Observe(() => "s(" + e.GetString()! + ")" + e.ValueEquals(e.GetString()) + e.ValueEquals(Encoding.UTF8.GetBytes(e.GetString()!)) + e.ValueEquals(e.GetString() + "x")
                    + e.ValueEquals(e.GetString().AsSpan()) + e.GetRawText() + Encoding.UTF8.GetString(e.RawValue));
            case JsonValueKind.Number:
                return "n(" + e.GetRawText() + (e.TryGetInt32(out var i) ? " i" + i : " -") + (e.TryGetInt64(out var l) ? " l" + l : " -") + ")";
            case JsonValueKind.Null:
                return "null" + e.ValueEquals((string?)null) + e.ValueEquals("") + e.GetString();
            default:
                return e.ValueKind + " " + e.GetBoolean();
        }
    }

    private static string Decoded(string jsonName)
    {
        using var d = JsonDocument.Parse("\"" + jsonName + "\"");
        return d.RootElement.GetString()!;
    }

    internal static string Value(Random random, int depth)
    {
        var ws = random.Next(4) == 0 ? " \n " : "";
        switch (depth > 4 ? random.Next(4) : random.Next(7))
        {
            case 0: return "\"" + Strings[random.Next(Strings.Length)] + "\"";
            case 1: return Numbers[random.Next(Numbers.Length)];
            case 2: return new[] { "true", "false", "null" }[random.Next(3)];
            case 3: return "\"" + Strings[random.Next(Strings.Length)] + Strings[random.Next(Strings.Length)] + "\"";
            case 4 or 5:
                var members = Enumerable.Range(0, random.Next(6))
                    .Select(_ => ws + "\"" + Names[random.Next(Names.Length)] + "\"" + ws + ":" + Value(random, depth + 1));
                return "{" + string.Join(",", members) + ws + "}";
            default:
                var items = Enumerable.Range(0, random.Next(6)).Select(_ => ws + Value(random, depth + 1));
                return "[" + string.Join(",", items) + ws + "]";
        }
    }
}
