using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Yaml;

namespace Injector.Kube.Json;

/// <summary>
/// The literal text of a JSON number node, whatever holds it: a parsed element (its text as written) or a .NET
/// number put into the tree (integers in decimal, floating point in Go's shortest form, as Go's encoder would have
/// written the same value).
/// </summary>
internal static class JsonNumbers
{
    public static string Text(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element)) return element.GetRawText();
        if (value.TryGetValue<long>(out var l)) return l.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<int>(out var i)) return i.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<ulong>(out var ul)) return ul.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<uint>(out var ui)) return ui.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<short>(out var s)) return s.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<ushort>(out var us)) return us.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<byte>(out var b)) return b.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<sbyte>(out var sb)) return sb.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<double>(out var d)) return GoFloatText.Json(d);
        if (value.TryGetValue<float>(out var f)) return GoFloatText.Json(f);
        if (value.TryGetValue<decimal>(out var m)) return m.ToString(CultureInfo.InvariantCulture);
        return value.ToJsonString();
    }

    /// <summary>The number as an int64 when its text is an integer in range.</summary>
    public static bool TryGetInt64(JsonValue value, out long result) =>
        long.TryParse(Text(value), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
}
