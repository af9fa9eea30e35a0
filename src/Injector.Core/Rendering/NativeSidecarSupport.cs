using System.Globalization;
using System.Text.RegularExpressions;

namespace Injector.Rendering;

/// <summary>
/// Istio's <c>DetectNativeSidecar</c> (webhook.go) with <c>ENABLE_NATIVE_SIDECARS</c> auto: native sidecars when the
/// pod's node (<c>spec.nodeName</c>, when set and known), else every node, runs a kubelet of minor version 33 or later
/// (the feature is stable since Kubernetes 1.33). A kubelet version that does not parse counts as too old.
/// </summary>
public static partial class NativeSidecarSupport
{
    /// <summary>The kubelet minor version from which native sidecars are used.</summary>
    public const int MinimumKubeletMinor = 33;

    /// <summary>
    /// Whether a node's <c>status.nodeInfo.kubeletVersion</c> supports native sidecars: hashicorp go-version's
    /// <c>NewVersion</c> (a <c>v</c>, dotted numbers padded to three, an optional pre-release and build) and its
    /// second segment ≥ <see cref="MinimumKubeletMinor"/>, whatever the major (as Istio compares it).
    /// </summary>
    public static bool KubeletSupports(string? kubeletVersion)
    {
        if (kubeletVersion is null) return false;
        var match = GoVersion().Match(kubeletVersion);
        if (!match.Success) return false;
        var segments = match.Groups[1].Value.Split('.');
        long minor = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            // strconv.ParseInt(s, 10, 64): a segment out of range fails the parse.
            if (!long.TryParse(segments[i], NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
            if (i == 1) minor = value;
        }
        return minor >= MinimumKubeletMinor;
    }

    /// <summary>
    /// The decision for one pod: the pod's node when <paramref name="supports"/> has it, else all nodes
    /// (<paramref name="allNodesSupport"/>: true for none, as Istio's loop).
    /// </summary>
    public static bool Detect(string? nodeName, IReadOnlyDictionary<string, bool> supports, bool allNodesSupport)
    {
        ArgumentNullException.ThrowIfNull(supports);
        if (!string.IsNullOrEmpty(nodeName) && supports.TryGetValue(nodeName, out var own)) return own;
        return allNodesSupport;
    }

    // go-version's VersionRegexpRaw, anchored as NewVersion anchors it (Go's $ is the end of the text: \z).
    [GeneratedRegex(@"^v?([0-9]+(\.[0-9]+)*?)(-([0-9]+[0-9A-Za-z\-~]*(\.[0-9A-Za-z\-~]+)*)|(-?([A-Za-z\-~]+[0-9A-Za-z\-~]*(\.[0-9A-Za-z\-~]+)*)))?(\+([0-9A-Za-z\-~]+(\.[0-9A-Za-z\-~]+)*))??\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex GoVersion();
}
