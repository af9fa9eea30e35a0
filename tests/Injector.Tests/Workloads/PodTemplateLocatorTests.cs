using System.Text.Json.Nodes;
using Injector.Workloads;

namespace Injector.Tests.Workloads;

public sealed class PodTemplateLocatorTests
{
    private const string Template = "{\"metadata\":{\"labels\":{\"app\":\"x\"}},\"spec\":{\"containers\":[{\"name\":\"app\"}]}}";

    public static TheoryData<string, string, string, string> Kinds => new()
    {
        { "v1", "ReplicationController", "spec.template", nameof(WorkloadKind.ReplicationController) },
        { "apps/v1", "Deployment", "spec.template", nameof(WorkloadKind.Deployment) },
        { "extensions/v1beta1", "Deployment", "spec.template", nameof(WorkloadKind.Deployment) },
        { "apps/v1", "ReplicaSet", "spec.template", nameof(WorkloadKind.ReplicaSet) },
        { "apps/v1", "DaemonSet", "spec.template", nameof(WorkloadKind.DaemonSet) },
        { "apps/v1", "StatefulSet", "spec.template", nameof(WorkloadKind.StatefulSet) },
        { "batch/v1", "Job", "spec.template", nameof(WorkloadKind.Job) },
        { "batch/v1", "CronJob", "spec.jobTemplate.spec.template", nameof(WorkloadKind.CronJob) },
        { "batch/v1beta1", "CronJob", "spec.jobTemplate.spec.template", nameof(WorkloadKind.CronJob) },
        { "apps.openshift.io/v1", "DeploymentConfig", "spec.template", nameof(WorkloadKind.DeploymentConfig) },
        { "v1", "DeploymentConfig", "spec.template", nameof(WorkloadKind.DeploymentConfig) },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void FindsTheTemplateOfEveryWorkloadKind(string apiVersion, string kind, string templatePath, string expected)
    {
        var document = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = new JsonObject { ["name"] = "w" } };
        var template = JsonNode.Parse(Template)!;
        Nest(document, templatePath, template);

        Assert.True(PodTemplateLocator.TryLocate(document, out var found, out var located));
        Assert.Equal(expected, found.ToString());
        Assert.Same(template, located);
    }

    [Fact]
    public void APodIsItsOwnTemplate()
    {
        var pod = JsonNode.Parse("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"spec\":{}}")!;
        Assert.True(PodTemplateLocator.TryLocate(pod, out var kind, out var template));
        Assert.Equal(WorkloadKind.Pod, kind);
        Assert.Same(pod, template);
    }

    [Theory]
    [InlineData("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"spec\":{\"template\":{}}}")]
    [InlineData("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Deployment\",\"spec\":{\"template\":{}}}")]
    [InlineData("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"spec\":{}}")]
    [InlineData("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"spec\":{\"template\":[]}}")]
    [InlineData("{\"kind\":\"Deployment\",\"spec\":{\"template\":{}}}")]
    [InlineData("[1,2]")]
    public void OtherDocumentsAreNotWorkloads(string json)
    {
        Assert.False(PodTemplateLocator.TryLocate(JsonNode.Parse(json)!, out _, out _));
    }

    private static void Nest(JsonObject root, string path, JsonNode leaf)
    {
        var parts = path.Split('.');
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var child = new JsonObject();
            node[parts[i]] = child;
            node = child;
        }
        node[parts[^1]] = leaf;
    }
}
