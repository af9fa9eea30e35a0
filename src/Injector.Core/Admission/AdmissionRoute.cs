namespace Injector.Admission;

/// <summary>
/// The parsed <c>/inject</c> path. Segments after <c>/inject</c> are key/value pairs:
/// <c>cluster/C</c> and <c>net/N</c> override the cluster ID and network (Istio's multi-cluster form),
/// <c>rev/R</c> serves revision R instead of the process's own.
/// </summary>
public readonly struct AdmissionRoute
{
    /// <summary>The metric label used when a route names a revision the table does not hold (keeps labels bounded).</summary>
    public const string UnknownRevisionLabel = "unknown";

    private const string Prefix = "/inject";

    public AdmissionRoute(string? revision = null, string? clusterId = null, string? network = null)
    {
        Revision = revision;
        ClusterId = clusterId;
        Network = network;
    }

    /// <summary>Null: the table's default revision.</summary>
    public string? Revision { get; }
    public string? ClusterId { get; }
    public string? Network { get; }

    /// <summary>Parses a request path. False with a one-line <paramref name="error"/> when it is not an inject route.</summary>
    public static bool TryParse(string path, out AdmissionRoute route, out string error)
    {
        route = default;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal) || (path.Length > Prefix.Length && path[Prefix.Length] != '/'))
        {
            error = "path must start with /inject";
            return false;
        }

        var rest = path.AsSpan(Prefix.Length).Trim('/');
        string? revision = null, cluster = null, network = null;
        while (!rest.IsEmpty)
        {
            if (!TryTakeSegment(ref rest, out var key) || !TryTakeSegment(ref rest, out var value))
            {
                error = "path segments after /inject must be key/value pairs (cluster/C, net/N, rev/R)";
                return false;
            }
            ref string? slot = ref revision;
            if (key.SequenceEqual("cluster")) slot = ref cluster;
            else if (key.SequenceEqual("net")) slot = ref network;
            else if (!key.SequenceEqual("rev"))
            {
                error = "unknown path key '" + key.ToString() + "' (expected cluster, net or rev)";
                return false;
            }
            if (slot is not null)
            {
                error = "path key '" + key.ToString() + "' given twice";
                return false;
            }
            slot = value.ToString();
        }

        route = new AdmissionRoute(revision, cluster, network);
        error = string.Empty;
        return true;
    }

    private static bool TryTakeSegment(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> segment)
    {
        var slash = rest.IndexOf('/');
        segment = slash < 0 ? rest : rest[..slash];
        rest = slash < 0 ? [] : rest[(slash + 1)..];
        return !segment.IsEmpty;
    }
}
