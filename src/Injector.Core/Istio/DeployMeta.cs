namespace Injector.Istio;

/// <summary>
/// Istio's <c>kube.GetDeployMetaFromPod</c>: the workload behind a pod. Only a pod whose name was generated looks at its
/// controller ownerReference: a ReplicaSet whose name ends in the <c>pod-template-hash</c> label is its Deployment
/// (<c>-&lt;hash&gt;</c> trimmed), an OpenShift ReplicationController with a <c>deploymentconfig</c> label that
/// DeploymentConfig, a Job named <c>x-&lt;8-10 digits&gt;</c> the CronJob x. Without a name so found, the pod's own
/// (possibly empty) name. One rule for both paths; each reads the pod its own way.
/// </summary>
internal static class DeployMeta
{
    /// <summary>A controller ownerReference's texts (absent fields empty).</summary>
    public readonly record struct ControllerOwner(string ApiVersion, string Kind, string Name);

    public static (string Name, string Kind, string ApiVersion) Resolve(
        string podName, bool nameGenerated, ControllerOwner? controller, string? podTemplateHash, string? deploymentConfig)
    {
        var name = podName;
        var kind = "Pod";
        var apiVersion = "v1";
        if (nameGenerated && controller is { } owner)
        {
            (apiVersion, kind, name) = (owner.ApiVersion, owner.Kind, owner.Name);
            if (kind == "ReplicaSet" && !string.IsNullOrEmpty(podTemplateHash) && name.EndsWith(podTemplateHash, StringComparison.Ordinal))
            {
                // strings.TrimSuffix(name, "-"+hash): a name ending in the hash without the dash stays whole.
                if (name.EndsWith("-" + podTemplateHash, StringComparison.Ordinal)) name = name[..^(podTemplateHash.Length + 1)];
                kind = "Deployment";
            }
            else if (kind == "ReplicationController" && !string.IsNullOrEmpty(deploymentConfig))
            {
                name = deploymentConfig;
                kind = "DeploymentConfig";
            }
            else if (kind == "Job" && CronJobName(name) is { } cron)
            {
                name = cron;
                kind = "CronJob";
                apiVersion = "batch/v1";
            }
        }
        if (name.Length == 0) name = podName;
        return (name, kind, apiVersion);
    }

    // Jobs a CronJob creates are named "<cronjob>-<scheduled time in minutes>", 8 to 10 digits (^(.+)-\d{8,10}$).
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
