using System.Globalization;
using System.Text.Json.Nodes;

namespace Injector.Operations.Migration;

/// <summary>
/// Restarts workloads the way <c>kubectl rollout restart</c> does: a pod-template annotation with the time, so the
/// controller rolls new pods through the webhook again.
/// </summary>
internal static class WorkloadRestart
{
    public const string RestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";

    /// <summary>The workload kinds restarted, with their collection under <c>/apis/apps/v1/namespaces/NS/</c>.</summary>
    public static readonly (string Resource, string Display)[] Kinds =
    [
        ("deployments", "deployment.apps"),
        ("statefulsets", "statefulset.apps"),
        ("daemonsets", "daemonset.apps"),
    ];

    /// <summary>A strategic-merge (also valid merge) patch setting the restart annotation to <paramref name="now"/> in RFC 3339.</summary>
    public static JsonObject Patch(DateTimeOffset now) => new()
    {
        ["spec"] = new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["annotations"] = new JsonObject
                    {
                        [RestartedAtAnnotation] = now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    },
                },
            },
        },
    };
}
