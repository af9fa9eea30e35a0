using System.Globalization;
using System.Text.Json.Nodes;

namespace Injector.Istio.Install;

/// <summary>
/// One <c>--set PATH=VALUE</c> as istioctl reads it (operator/pkg/values/map.go): the path is dot-separated
/// (<c>\.</c> keeps a dot in a key), a segment may end in <c>[N]</c> (list index; past the end appends) or
/// <c>[key:value]</c> (the list element whose <c>key</c> is the string <c>value</c>; it must exist); the value
/// becomes an int, then a float, then a bool (Go's <c>strconv.ParseBool</c>: <c>true</c>, <c>t</c>, <c>1</c>,
/// <c>False</c>, …) and otherwise a string with <c>\,</c> turned into <c>,</c>. Tags and proxyMetadata values
/// stay strings. One deliberate difference: the value <c>null</c> is a JSON null (as in a YAML file, and as Helm's
/// <c>--set</c> reads it), where istioctl would set the string "null".
/// </summary>
internal sealed class SetFlag
{
    private const int MaxFlagLength = 64 * 1024;
    private const int MaxSegments = 64;

    /// <summary>Paths (under <c>spec.</c>) whose values istioctl never types.</summary>
    private static readonly string[] AlwaysString =
    [
        "spec.values.compatibilityVersion",
        "spec.tag",
        "spec.values.global.tag",
        "spec.meshConfig.defaultConfig.proxyMetadata.",
        "spec.values.meshConfig.defaultConfig.proxyMetadata.",
        "spec.compatibilityVersion",
    ];

    private SetFlag(string text, string[] segments, JsonNode? value)
    {
        Text = text;
        Segments = segments;
        Value = value;
    }

    /// <summary>The flag as given, for messages.</summary>
    public string Text { get; }

    /// <summary>The path under the IstioOperator root, starting with <c>spec</c>.</summary>
    public IReadOnlyList<string> Segments { get; }

    public JsonNode? Value { get; }

    public static SetFlag Parse(string flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        if (flag.Length > MaxFlagLength) throw new InstallInputException($"--set flag longer than {MaxFlagLength} characters");
        var equals = flag.IndexOf('=');
        // istioctl reads a flag without '=' as that path set to "": refuse it, it is almost always a typo.
        if (equals < 0) throw new InstallInputException($"--set {flag}: expected PATH=VALUE");
        var path = "spec." + Kube.Json.GoStrings.TrimSpace(flag[..equals]);
        var raw = Kube.Json.GoStrings.TrimSpace(flag[(equals + 1)..]);
        var segments = SplitPath(path);
        if (segments.Length <= 1) throw new InstallInputException($"--set {flag}: empty path");
        if (segments.Length > MaxSegments) throw new InstallInputException($"--set {flag}: more than {MaxSegments} path segments");
        if (segments[1].StartsWith('[')) throw new InstallInputException($"--set {flag}: the path cannot start with a list index");
        var value = IsAlwaysString(path) ? JsonValue.Create(raw) : ParseValue(raw);
        return new SetFlag(flag, segments, value);
    }

    private static bool IsAlwaysString(string path)
    {
        foreach (var prefix in AlwaysString)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>istioctl's <c>parseValue</c> (plus <c>null</c>).</summary>
    internal static JsonNode? ParseValue(string raw)
    {
        if (raw == "null") return null;
        if (TryAtoi(raw, out var integer)) return JsonValue.Create(integer);
        if (GoParseFloat.TryParse(raw, out var real)) return JsonValue.Create(real);
        switch (raw)
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True": return JsonValue.Create(true);
            case "0" or "f" or "F" or "FALSE" or "false" or "False": return JsonValue.Create(false);
        }
        return JsonValue.Create(raw.Replace("\\,", ",", StringComparison.Ordinal));
    }

    /// <summary>Go's <c>strconv.Atoi</c> on 64-bit: optional sign, decimal digits only.</summary>
    private static bool TryAtoi(string s, out long value)
    {
        value = 0;
        if (s.Length == 0) return false;
        var start = s[0] is '+' or '-' ? 1 : 0;
        if (start == s.Length) return false;
        for (var i = start; i < s.Length; i++)
        {
            if (s[i] is < '0' or > '9') return false;
        }
        return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>istioctl's <c>splitPath</c>: <c>filepath.Clean</c> is skipped (it only matters for paths with
    /// slashes), dots split unless escaped, <c>a[0]</c> becomes <c>a</c>, <c>[0]</c>.</summary>
    internal static string[] SplitPath(string path)
    {
        path = path.Trim('.');
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '.' && (i == 0 || path[i - 1] != '\\'))
            {
                AddSegment(parts, path[start..i]);
                start = i + 1;
            }
        }
        AddSegment(parts, path[start..]);
        return parts.ToArray();
    }

    private static void AddSegment(List<string> parts, string segment)
    {
        if (segment.Length == 0) return;
        segment = segment.Replace("\\.", ".", StringComparison.Ordinal);
        var bracket = segment.IndexOf('[');
        if (bracket > 0)
        {
            parts.Add(segment[..bracket]);
            parts.Add(segment[bracket..]);
        }
        else
        {
            parts.Add(segment);
        }
    }

    /// <summary>Applies the flag to <paramref name="root"/> as istioctl's <c>setPathRecurse</c> does.</summary>
    public void ApplyTo(JsonObject root) => SetRecurse(root, 0);

    private void SetRecurse(JsonObject map, int index)
    {
        var segment = Segments[index];
        var nextIsList = index + 1 < Segments.Count && Segments[index + 1].StartsWith('[');
        if (!nextIsList)
        {
            if (index == Segments.Count - 1)
            {
                map[segment] = Value?.DeepClone();
                return;
            }
            if (map[segment] is not JsonObject child)
            {
                if (map.ContainsKey(segment) && map[segment] is not null)
                {
                    throw new InstallInputException($"--set {Text}: {Describe(index)} is not a map");
                }
                child = new JsonObject();
                map[segment] = child;
            }
            SetRecurse(child, index + 1);
            return;
        }

        var last = index + 2 == Segments.Count;
        if (!map.ContainsKey(segment) || map[segment] is null) map[segment] = new JsonArray();
        if (map[segment] is not JsonArray list) throw new InstallInputException($"--set {Text}: {Describe(index)} is not a list");
        var selector = Segments[index + 1];
        var position = FindElement(list, selector);
        if (position < 0 || position >= list.Count)
        {
            if (last)
            {
                list.Add(Value?.DeepClone());
            }
            else
            {
                var element = new JsonObject();
                SetRecurse(element, index + 2);
                list.Add((JsonNode)element);
            }
            return;
        }
        if (last)
        {
            // istioctl would recurse into the element with no path left and fail; replacing it is what was meant.
            list[position] = Value?.DeepClone();
            return;
        }
        if (list[position] is not JsonObject existing)
        {
            existing = new JsonObject();
            list[position] = existing;
        }
        SetRecurse(existing, index + 2);
    }

    private int FindElement(JsonArray list, string selector)
    {
        var inner = selector.Length >= 2 && selector.EndsWith(']') ? selector[1..^1] : null;
        if (inner is null) throw new InstallInputException($"--set {Text}: unknown segment {selector}");
        if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var position)) return position;
        var colon = inner.IndexOf(':');
        if (colon < 0) throw new InstallInputException($"--set {Text}: unknown segment {selector}");
        var key = inner[..colon];
        var wanted = inner[(colon + 1)..];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject element && element[key] is JsonValue v &&
                v.GetValueKind() == System.Text.Json.JsonValueKind.String && v.GetValue<string>() == wanted)
            {
                return i;
            }
        }
        throw new InstallInputException($"--set {Text}: element {selector} not found");
    }

    private string Describe(int index) => string.Join('.', Segments.Take(index + 1).Skip(1));
}
