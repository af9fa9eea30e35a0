namespace Injector.Tests.Fakes;

/// <summary>
/// A parsed API path: <c>/api/v1</c> or <c>/apis/G/V</c>, then <c>[namespaces/NS/]resource[/name]</c>.
/// <c>/api/v1/namespaces/NS</c> is the namespace object itself; a collection without a namespace lists every namespace.
/// </summary>
internal sealed record FakeKubePath(string Prefix, string? Namespace, string Resource, string? Name)
{
    public string ObjectPath =>
        (Namespace is null ? Prefix + "/" + Resource : Prefix + "/namespaces/" + Namespace + "/" + Resource) + (Name is null ? "" : "/" + Name);

    public static bool TryParse(string path, out FakeKubePath parsed)
    {
        parsed = null!;
        var segments = path.Trim('/').Split('/');
        int start;
        if (segments.Length >= 2 && segments[0] == "api") start = 2;
        else if (segments.Length >= 3 && segments[0] == "apis") start = 3;
        else return false;
        var prefix = "/" + string.Join('/', segments[..start]);
        var rest = segments[start..];
        parsed = rest.Length switch
        {
            1 => new FakeKubePath(prefix, null, rest[0], null),
            2 => new FakeKubePath(prefix, null, rest[0], rest[1]),
            3 when rest[0] == "namespaces" => new FakeKubePath(prefix, rest[1], rest[2], null),
            4 when rest[0] == "namespaces" => new FakeKubePath(prefix, rest[1], rest[2], rest[3]),
            _ => null!,
        };
        return parsed is not null;
    }

    /// <summary>True when an object path belongs to this collection (all namespaces when none is given).</summary>
    public bool Contains(string objectPath)
    {
        if (Namespace is not null) return objectPath.StartsWith(ObjectPath + "/", StringComparison.Ordinal) && objectPath.Count(c => c == '/') == ObjectPath.Count(c => c == '/') + 1;
        var clusterScoped = Prefix + "/" + Resource + "/";
        // A cluster-scoped object is one segment below its collection (/api/v1/namespaces/NS, not NS's own objects).
        if (objectPath.StartsWith(clusterScoped, StringComparison.Ordinal)) return objectPath.IndexOf('/', clusterScoped.Length) < 0;
        var namespacedPrefix = Prefix + "/namespaces/";
        if (!objectPath.StartsWith(namespacedPrefix, StringComparison.Ordinal)) return false;
        var parts = objectPath[namespacedPrefix.Length..].Split('/');
        return parts.Length == 3 && parts[1] == Resource;
    }
}
