namespace Injector.Rendering;

/// <summary>
/// Istio's <c>ProxyImage</c> / <c>ProxyInitImage</c>: <c>hub/name:tag</c> with the image type (ProxyConfig
/// <c>image.imageType</c>, else <c>global.variant</c>; the <c>sidecar.istio.io/proxyImageType</c> annotation wins)
/// replacing a known <c>-distroless</c>/<c>-debug</c> suffix of the tag; <c>default</c> means no suffix.
/// </summary>
internal static class ProxyImages
{
    private static readonly string[] KnownImageTypes = ["distroless", "debug"];

    public static string Proxy(RevisionValues values, string? proxyConfigImageType, IReadOnlyDictionary<string, string> annotations) =>
        Url(values, values.ProxyImageName.Length > 0 ? values.ProxyImageName : "proxyv2", proxyConfigImageType ?? "", annotations);

    public static string ProxyInit(RevisionValues values, IReadOnlyDictionary<string, string> annotations) =>
        Url(values, values.ProxyInitImageName.Length > 0 ? values.ProxyInitImageName : "proxyv2", "", annotations);

    private static string Url(RevisionValues values, string imageName, string imageType, IReadOnlyDictionary<string, string> annotations)
    {
        if (imageType.Length == 0) imageType = values.Variant;
        if (annotations.TryGetValue("sidecar.istio.io/proxyImageType", out var annotated)) imageType = annotated;
        return values.Hub + "/" + imageName + ":" + TagWithType(values.Tag, imageType);
    }

    internal static string TagWithType(string tag, string imageType)
    {
        if (imageType.Length == 0) return tag;
        foreach (var known in KnownImageTypes)
        {
            if (tag.EndsWith("-" + known, StringComparison.Ordinal))
            {
                tag = tag[..^(known.Length + 1)];
                break;
            }
        }
        return imageType == "default" ? tag : tag + "-" + imageType;
    }
}

/// <summary>
/// <c>GetProxyIDs</c> and openshift.go: the proxy's UID and GID are 1337, or on OpenShift the top of the namespace's
/// preallocated UID range (<c>openshift.io/sa.scc.uid-range</c>) and the top of the first supplemental group block
/// (<c>openshift.io/sa.scc.supplemental-groups</c>, else the UID range).
/// </summary>
internal static class ProxyIds
{
    public const long Default = 1337;

    public static (long Uid, long Gid) For(NamespaceFacts? ns)
    {
        long uid = Default, gid = Default;
        if (ns is null) return (uid, gid);
        if (ns.Annotations.TryGetValue("openshift.io/sa.scc.uid-range", out var range) && range.Length > 0 && TryParseBlock(range, out _, out var end))
        {
            uid = end;
        }
        if (!ns.Annotations.TryGetValue("openshift.io/sa.scc.supplemental-groups", out var groups)) ns.Annotations.TryGetValue("openshift.io/sa.scc.uid-range", out groups);
        if (!string.IsNullOrEmpty(groups))
        {
            var first = true;
            long firstEnd = 0;
            var ok = true;
            foreach (var segment in groups.Split(','))
            {
                if (!TryParseBlock(segment, out _, out var blockEnd))
                {
                    ok = false;
                    break;
                }
                if (first) firstEnd = blockEnd;
                first = false;
            }
            if (ok && !first) gid = firstEnd;
        }
        return (uid, gid);
    }

    /// <summary><c>ParseBlock</c>: <c>start/size</c> or <c>start-end</c>, uint32 arithmetic as Go's.</summary>
    internal static bool TryParseBlock(string text, out long start, out long end)
    {
        start = end = 0;
        var slash = text.Contains('/');
        var parts = text.Split(slash ? '/' : '-', 2);
        if (parts.Length != 2 || !TryScanUint32(parts[0], out var a) || !TryScanUint32(parts[1], out var b)) return false;
        start = a;
        end = slash ? (uint)(a + b - 1) : b;
        return true;
    }

    // fmt.Sscanf("%d") reads an optional sign and digits; leading spaces are skipped.
    private static bool TryScanUint32(string text, out uint value)
    {
        value = 0;
        var s = text.TrimStart(' ');
        if (s.StartsWith('+')) s = s[1..];
        var digits = 0;
        while (digits < s.Length && char.IsAsciiDigit(s[digits])) digits++;
        if (digits == 0) return false;
        return uint.TryParse(s[..digits], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
    }
}
