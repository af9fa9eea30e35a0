using System.Text.Json;

namespace Injector.Injection;

/// <summary>
/// The workload a pod belongs to, from its controller ownerReference (Istio's heuristics): a ReplicaSet whose name
/// ends in the <c>pod-template-hash</c> label is its Deployment; an OpenShift ReplicationController with the
/// <c>deploymentconfig</c> label is that DeploymentConfig; a Job named <c>x-&lt;8-10 digits&gt;</c> is CronJob x.
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
        var name = pod.Name ?? string.Empty;
        var kind = "Pod";
        var apiVersion = "v1";
        if (!string.IsNullOrEmpty(pod.GenerateName) && pod.OwnerReferences.ValueKind == JsonValueKind.Array)
        {
            foreach (var owner in pod.OwnerReferences.EnumerateArray())
            {
                if (owner.ValueKind != JsonValueKind.Object
                    || !owner.TryGetProperty("controller"u8, out var controller) || controller.ValueKind != JsonValueKind.True)
                {
                    continue;
                }
                apiVersion = PodView.StringOf(owner, "apiVersion"u8) ?? string.Empty;
                kind = PodView.StringOf(owner, "kind"u8) ?? string.Empty;
                name = PodView.StringOf(owner, "name"u8) ?? string.Empty;
                if (kind == "ReplicaSet" && pod.TryGetLabel(AnnotationNames.PodTemplateHashLabel, out var hash) && hash.Length > 0
                    && name.EndsWith(hash, StringComparison.Ordinal))
                {
                    name = name.EndsWith("-" + hash, StringComparison.Ordinal) ? name[..^(hash.Length + 1)] : name[..^hash.Length];
                    kind = "Deployment";
                }
                else if (kind == "ReplicationController" && pod.TryGetLabel(AnnotationNames.DeploymentConfigLabel, out var dc) && dc.Length > 0)
                {
                    name = dc;
                    kind = "DeploymentConfig";
                }
                else if (kind == "Job" && CronJobName(name) is { } cron)
                {
                    name = cron;
                    kind = "CronJob";
                    apiVersion = "batch/v1";
                }
                break;
            }
        }
        if (name.Length == 0) name = pod.Name ?? pod.GenerateName ?? string.Empty;
        return new WorkloadIdentity(name, kind, apiVersion);
    }

    // Jobs a CronJob creates are named "<cronjob>-<scheduled time in minutes>", 8 to 10 digits.
    private static string? CronJobName(string jobName)
    {
        var dash = jobName.LastIndexOf('-');
        if (dash <= 0) return null;
        var digits = jobName.AsSpan(dash + 1);
        if (digits.Length is < 8 or > 10) return null;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c)) return null;
        }
        return jobName[..dash];
    }
}
