using System.Text.Json;
using System.Text.Json.Nodes;

namespace Injector.Rendering;

/// <summary>
/// <c>kube.GetDeployMetaFromPod</c>: the workload behind a pod from its controller ownerReference when its name was
/// generated (a ReplicaSet named after its pod-template-hash is a Deployment, an OpenShift ReplicationController
/// with a <c>deploymentconfig</c> label a DeploymentConfig, a Job named <c>x-&lt;8-10 digits&gt;</c> the CronJob x).
/// </summary>
internal static class WorkloadMeta
{
    public static (string Name, string Kind, string ApiVersion) FromPod(JsonObject pod)
    {
        var metadata = pod["metadata"] as JsonObject;
        var name = PodJson.String(metadata, "name");
        var kind = "Pod";
        var apiVersion = "v1";
        if (PodJson.String(metadata, "generateName").Length > 0 && metadata?["ownerReferences"] is JsonArray owners)
        {
            foreach (var owner in owners)
            {
                if (owner is not JsonObject o || o["controller"] is not JsonValue c || c.GetValueKind() != JsonValueKind.True) continue;
                apiVersion = PodJson.String(o, "apiVersion");
                kind = PodJson.String(o, "kind");
                name = PodJson.String(o, "name");
                var labels = PodJson.Map(pod, "labels");
                labels.TryGetValue("pod-template-hash", out var hash);
                labels.TryGetValue("deploymentconfig", out var deploymentConfig);
                if (kind == "ReplicaSet" && !string.IsNullOrEmpty(hash) && name.EndsWith(hash, StringComparison.Ordinal))
                {
                    // strings.TrimSuffix(name, "-"+hash)
                    if (name.EndsWith("-" + hash, StringComparison.Ordinal)) name = name[..^(hash.Length + 1)];
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
                break;
            }
        }
        if (name.Length == 0) name = PodJson.String(metadata, "name");
        return (name, kind, apiVersion);
    }

    // ^(.+)-\d{8,10}$
    private static string? CronJobName(string job)
    {
        var dash = job.LastIndexOf('-');
        if (dash <= 0) return null;
        var digits = job.AsSpan(dash + 1);
        if (digits.Length is < 8 or > 10) return null;
        foreach (var ch in digits)
        {
            if (!char.IsAsciiDigit(ch)) return null;
        }
        return job[..dash];
    }
}
