namespace Injector.Admission;

/// <summary>
/// The parsed <c>/inject</c> path: Istio's proxy envs from the path (<c>cluster/C</c>, <c>net/N</c>, any other
/// <c>K/V</c>), and ours, <c>rev/R</c>, which serves revision R instead of the process's own.
/// </summary>
public readonly struct AdmissionRoute
{
    /// <summary>The metric label used when a route names a revision the table does not hold (keeps labels bounded).</summary>
    public const string UnknownRevisionLabel = "unknown";

    private const string Prefix = "/inject";

    public AdmissionRoute(string? revision = null, string? clusterId = null, string? network = null,
        IReadOnlyList<KeyValuePair<string, string>>? otherEnvs = null)
    {
        Revision = revision;
        ClusterId = clusterId;
        Network = network;
        _otherEnvs = otherEnvs;
    }

    private readonly IReadOnlyList<KeyValuePair<string, string>>? _otherEnvs;

    /// <summary>Null: the table's default revision.</summary>
    public string? Revision { get; }
    public string? ClusterId { get; }
    public string? Network { get; }

    /// <summary>Proxy envs from path keys other than <c>cluster</c>, <c>net</c> and <c>rev</c> (Istio: the key
    /// upper-cased), in path order; a later one of the same name wins.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> OtherEnvs => _otherEnvs ?? []; // default(AdmissionRoute) has none

    /// <summary>Whether the path set any proxy env (cluster, network or another key).</summary>
    public bool HasEnvs => ClusterId is not null || Network is not null || OtherEnvs.Count > 0;

    /// <summary>
    /// Parses a request path as Istio's <c>parseInjectEnvs</c>: after <c>/inject</c>, key/value segments
    /// (<c>/cluster/C/net/N/K/V</c>, <c>--slash--</c> in a value stands for <c>/</c>) or the deprecated
    /// <c>/:ENV:K=V:ENV:K2=V2</c> form; <c>cluster</c> and <c>net</c> set <c>ISTIO_META_CLUSTER_ID</c> and
    /// <c>ISTIO_META_NETWORK</c>, any other key the env of its upper-cased name; an empty key and a last key without a
    /// value are ignored, as Istio does. <c>rev</c> (ours) names the revision. False with a one-line
    /// <paramref name="error"/> only when it is not an inject route.
    /// </summary>
    public static bool TryParse(string path, out AdmissionRoute route, out string error)
    {
        route = default;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal) || (path.Length > Prefix.Length && path[Prefix.Length] != '/'))
        {
            error = "path must start with /inject";
            return false;
        }

        var rest = path.Length > Prefix.Length + 1 ? path[(Prefix.Length + 1)..] : string.Empty;
        if (rest.EndsWith('/')) rest = rest[..^1]; // strings.TrimSuffix(path, "/")
        string? revision = null, cluster = null, network = null;
        var others = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in Pairs(rest))
        {
            switch (key)
            {
                case "rev": revision = value; break;
                case "cluster": cluster = value; break;
                case "net": network = value; break;
                default:
                    var env = key.ToUpperInvariant();
                    if (env.Length > 0) others.Add(new(env, value));
                    break;
            }
        }
        route = new AdmissionRoute(revision, cluster, network, others);
        error = string.Empty;
        return true;
    }

    private static IEnumerable<(string Key, string Value)> Pairs(string rest)
    {
        if (rest.Length == 0) yield break;
        if (rest.StartsWith(":ENV:", StringComparison.Ordinal))
        {
            foreach (var item in rest.Split(":ENV:")[1..])
            {
                var equals = item.IndexOf('=');
                if (equals > 0) yield return (item[..equals], item[(equals + 1)..]);
            }
            yield break;
        }
        var parts = rest.Split('/');
        // A last key without a value is ignored (Istio logs it).
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            yield return (parts[i], parts[i + 1].Replace("--slash--", "/", StringComparison.Ordinal));
        }
    }
}
