using System.Text.Json;

namespace Injector.Injection;

/// <summary>
/// The workload a pod belongs to (<see cref="Istio.DeployMeta"/>, Istio's rule) and its owner URI for the compiled path.
/// </summary>
internal readonly struct WorkloadIdentity
{
    private WorkloadIdentity(string name, string kind, string apiVersion)
    {
        Name = name;
        Kind = kind;
        ApiVersion = apiVersion;
    }

    public string Name { get; }
    public string Kind { get; }
    public string ApiVersion { get; }

    /// <summary>The length of the owner URI, for a buffer to <see cref="FormatOwnerUri"/> into.</summary>
    public int OwnerUriLength(string @namespace) =>
        OwnerPrefix.Length + ApiVersion.Length + NamespacesSegment.Length + @namespace.Length + 1 + Kind.Length + 2 + Name.Length;

    /// <summary>
    /// Writes <c>kubernetes://apis/&lt;apiVersion&gt;/namespaces/&lt;ns&gt;/&lt;kind&gt;s/&lt;name&gt;</c> (kind lower-cased) into
    /// <paramref name="destination"/>, at least <see cref="OwnerUriLength"/> long; returns the chars written. No strings are made.
    /// </summary>
    public int FormatOwnerUri(string @namespace, Span<char> destination)
    {
        var at = 0;
        Append(destination, ref at, OwnerPrefix);
        Append(destination, ref at, ApiVersion);
        Append(destination, ref at, NamespacesSegment);
        Append(destination, ref at, @namespace);
        Append(destination, ref at, "/");
        at += Kind.AsSpan().ToLowerInvariant(destination[at..]);
        Append(destination, ref at, "s/");
        Append(destination, ref at, Name);
        return at;
    }

    private const string OwnerPrefix = "kubernetes://apis/";
    private const string NamespacesSegment = "/namespaces/";

    private static void Append(Span<char> destination, ref int at, string text)
    {
        text.CopyTo(destination[at..]);
        at += text.Length;
    }

    public static WorkloadIdentity Of(PodView pod)
    {
        Istio.DeployMeta.ControllerOwner? controller = null;
        if (pod.OwnerReferences.ValueKind == JsonValueKind.Array)
        {
            foreach (var owner in pod.OwnerReferences.EnumerateArray())
            {
                if (owner.ValueKind != JsonValueKind.Object
                    || !owner.TryGetProperty("controller"u8, out var isController) || isController.ValueKind != JsonValueKind.True)
                {
                    continue;
                }
                controller = new(PodView.StringOf(owner, "apiVersion"u8) ?? string.Empty, PodView.StringOf(owner, "kind"u8) ?? string.Empty,
                    PodView.StringOf(owner, "name"u8) ?? string.Empty);
                break;
            }
        }
        var hash = pod.TryGetLabel(AnnotationNames.PodTemplateHashLabel, out var h) ? h : null;
        var deploymentConfig = pod.TryGetLabel(AnnotationNames.DeploymentConfigLabel, out var dc) ? dc : null;
        var (name, kind, apiVersion) = Istio.DeployMeta.Resolve(pod.Name ?? string.Empty, !string.IsNullOrEmpty(pod.GenerateName), controller, hash, deploymentConfig);
        return new WorkloadIdentity(name, kind, apiVersion);
    }
}
