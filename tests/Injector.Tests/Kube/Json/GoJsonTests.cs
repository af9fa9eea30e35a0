using System.Text;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Yaml;

namespace Injector.Tests.Kube.Json;

/// <summary>
/// Expected bytes printed by Go 1.19's <c>json.Marshal</c> (a program under /tmp marshalling each value), except
/// <c>\b</c> and <c>\f</c>: Go 1.22 changed those from <c>\u0008</c>/<c>\u000c</c> to the short escapes (release
/// notes), and Istio builds with Go 1.26.
/// </summary>
public sealed class GoJsonTests
{
    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("<tag>&amp;", "\"\\u003ctag\\u003e\\u0026amp;\"")]
    [InlineData("\n\r\t", "\"\\n\\r\\t\"")]
    [InlineData("\u0000\u0001\u001f\u007f", "\"\\u0000\\u0001\\u001f\u007f\"")]
    [InlineData("\u2028\u2029", "\"\\u2028\\u2029\"")]
    [InlineData("é€😀", "\"é€😀\"")]
    [InlineData("\ufffd", "\"\ufffd\"")]
    [InlineData("/slash", "\"/slash\"")]
    [InlineData("\b\f", "\"\\b\\f\"")]
    public void Strings_are_escaped_as_go_escapes_them(string value, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(GoJson.Serialize(JsonValue.Create(value))));
    }

    [Fact]
    public void A_lone_surrogate_is_written_as_go_writes_invalid_utf8()
    {
        Assert.Equal("\"\\ufffdx\"", Encoding.UTF8.GetString(GoJson.Serialize(JsonValue.Create("\ud800x"))));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.0, "-1")]
    [InlineData(0.5, "0.5")]
    [InlineData(100.0, "100")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.5e21, "1.5e+21")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(1.2345e-7, "1.2345e-7")]
    [InlineData(123456789.125, "123456789.125")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e100, "1e+100")]
    [InlineData(-2.5e-10, "-2.5e-10")]
    [InlineData(3.0000000000000004, "3.0000000000000004")]
    [InlineData(1e-5, "0.00001")]
    public void Floats_use_gos_shortest_form(double value, string expected)
    {
        Assert.Equal(expected, GoFloatText.Json(value));
    }

    [Fact]
    public void Trees_are_written_compact_in_their_own_order()
    {
        var node = JsonNode.Parse("""{"b": [1, true, null, "x"], "a": {"<": 12345678901234567890}}""");
        Assert.Equal("""{"b":[1,true,null,"x"],"a":{"\u003c":12345678901234567890}}""", Encoding.UTF8.GetString(GoJson.Serialize(node)));
    }
}
