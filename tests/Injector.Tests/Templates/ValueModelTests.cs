using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Templates.Values;

namespace Injector.Tests.Templates;

/// <summary>The Go value model: JSON converts as <c>encoding/json</c> decodes into <c>any</c>, maps order keys as Go
/// does, shared maps stay read-only.</summary>
public sealed class ValueModelTests
{
    [Fact]
    public void JsonBecomesGoValuesAsEncodingJsonDecodesThem()
    {
        using var document = JsonDocument.Parse("""{"n": 1, "f": 1.5, "s": "x", "b": true, "z": null, "a": [1, {"k": "v"}], "o": {}, "dup": 1, "dup": 2}""");
        var value = Assert.IsType<GoAnyMap>(GoJson.FromElement(document.RootElement));
        Assert.False(value.IsMutable);
        Assert.Equal("map[string]interface {}", value.TypeName);
        Assert.True(value.TryGetValue("n", out var n));
        Assert.Equal(1.0, Assert.IsType<double>(n));
        Assert.True(value.TryGetValue("z", out var z));
        Assert.Null(z);
        Assert.True(value.TryGetValue("dup", out var dup));
        Assert.Equal(2.0, dup);
        Assert.True(value.TryGetValue("a", out var a));
        var slice = Assert.IsType<GoListSlice>(a);
        Assert.Equal("[]interface {}", slice.TypeName);
        Assert.IsType<GoAnyMap>(slice[1]);
        Assert.Equal(["a", "b", "dup", "f", "n", "o", "s", "z"], value.SortedKeys);
        Assert.Throws<InvalidOperationException>(() => value.Set("x", 1.0));
    }

    [Fact]
    public void JsonNodesConvertLikeElements()
    {
        var node = JsonNode.Parse("""{"a": [1, "two", null, false], "b": {"c": 2.5}}""");
        var value = Assert.IsType<GoAnyMap>(GoJson.FromNode(node));
        value.TryGetValue("a", out var a);
        var slice = Assert.IsType<GoListSlice>(a);
        Assert.Equal(1.0, slice[0]);
        Assert.Equal("two", slice[1]);
        Assert.Null(slice[2]);
        Assert.Equal(false, slice[3]);
        var created = new JsonObject { ["x"] = 3, ["y"] = "s", ["z"] = true };
        var converted = Assert.IsType<GoAnyMap>(GoJson.FromNode(created));
        converted.TryGetValue("x", out var x);
        Assert.Equal(3.0, x);
    }

    [Fact]
    public void JsonDeeperThanTheLimitIsRefused()
    {
        using var document = JsonDocument.Parse(new string('[', 1001) + new string(']', 1001), new JsonDocumentOptions { MaxDepth = 2000 });
        Assert.Throws<JsonException>(() => GoJson.FromElement(document.RootElement));
    }

    [Fact]
    public void KeysSortByCodePointAsGoSortsBytes()
    {
        // U+1F600 (a surrogate pair) sorts after U+FF01 in UTF-8 byte order, before it in UTF-16 ordinal order.
        string[] keys = ["\uFF01", "\U0001F600", "a", "B", ""];
        Array.Sort(keys, GoStringOrder.Instance);
        Assert.Equal(["", "B", "a", "\uFF01", "\U0001F600"], keys);
    }

    [Fact]
    public void MutableMapsKeepTheirOrderAsTheyChange()
    {
        var map = GoAnyMap.Mutable();
        map.Set("b", 1.0);
        map.Set("a", 2.0);
        Assert.Equal(["a", "b"], map.SortedKeys);
        Assert.True(map.Remove("a"));
        map.Set("c", null);
        Assert.Equal(["b", "c"], map.SortedKeys);
        var strings = GoStringMap.Mutable();
        strings.Set("k", "v");
        Assert.True(strings.TryGetString("k", out var v));
        Assert.Equal("v", v);
        Assert.Throws<InvalidOperationException>(() => strings.Set("n", 1.0));
        Assert.True(GoStringMap.Nil.IsNil);
        Assert.Equal("", GoStringMap.Nil.ZeroElement);
        Assert.Null(GoAnyMap.Nil.ZeroElement);
    }
}
