using System.Text.Json.Nodes;
using Injector.Workloads;

namespace Injector.Tests.Workloads;

public sealed class WorkloadPodTests
{
    [Fact]
    public void DeploymentPodLooksLikeItsReplicaSetMadeIt()
    {
        var deployment = Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: hello, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: hello}}\n    spec: {containers: [{name: hello}]}\n");
        Assert.True(PodTemplateLocator.TryLocate(deployment, out var kind, out var template));
        var pod = WorkloadPod.Build((JsonObject)deployment, kind, template);

        Assert.Equal("shop", pod.Namespace);
        var metadata = pod.Pod["metadata"]!;
        Assert.Equal("shop", (string?)metadata["namespace"]);
        Assert.Equal("hello-kubeinject-", (string?)metadata["generateName"]);
        Assert.Equal("kubeinject", (string?)metadata["labels"]!["pod-template-hash"]);
        var owner = metadata["ownerReferences"]![0]!;
        Assert.Equal("ReplicaSet", (string?)owner["kind"]);
        Assert.Equal("apps/v1", (string?)owner["apiVersion"]);
        Assert.Equal("hello-kubeinject", (string?)owner["name"]);
        Assert.True((bool)owner["controller"]!);
        Assert.Equal("hello", (string?)pod.Pod["spec"]!["containers"]![0]!["name"]);
        // The template itself is untouched until WriteBack.
        Assert.Null(template["metadata"]!["labels"]!["pod-template-hash"]);
    }

    public static TheoryData<string, string, string, string?> Owners => new()
    {
        { "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec: {template: {spec: {}}}", "DaemonSet", "d", "d-" },
        { "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r}\nspec: {template: {spec: {}}}", "ReplicaSet", "r", "r-" },
        { "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec: {template: {spec: {}}}", "ReplicationController", "rc", "rc-" },
        { "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {template: {spec: {}}}", "Job", "j", "j-" },
        { "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {jobTemplate: {spec: {template: {spec: {}}}}}", "Job", "c-29000000", "c-29000000-" },
        { "apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\nmetadata: {name: dc}\nspec: {template: {spec: {}}}", "DeploymentConfig", "dc", "dc-" },
        { "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec: {template: {spec: {}}}", "StatefulSet", "s", null },
    };

    [Theory]
    [MemberData(nameof(Owners))]
    public void ControllerFieldsMatchWhatEachControllerSets(string yaml, string ownerKind, string ownerName, string? generateName)
    {
        var workload = Parse(yaml);
        Assert.True(PodTemplateLocator.TryLocate(workload, out var kind, out var template));
        var pod = WorkloadPod.Build((JsonObject)workload, kind, template);
        var metadata = pod.Pod["metadata"]!;
        Assert.Equal("default", (string?)metadata["namespace"]);
        Assert.Equal(generateName, (string?)metadata["generateName"]);
        Assert.Equal(ownerKind, (string?)metadata["ownerReferences"]![0]!["kind"]);
        Assert.Equal(ownerName, (string?)metadata["ownerReferences"]![0]!["name"]);
        Assert.Null(metadata["labels"]);
    }

    [Fact]
    public void WriteBackKeepsOnlyTheTemplatesOwnFields()
    {
        var deployment = Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: hello}\nspec:\n  replicas: 2\n  template:\n    spec: {containers: [{name: hello}]}\n");
        PodTemplateLocator.TryLocate(deployment, out var kind, out var template);
        var pod = WorkloadPod.Build((JsonObject)deployment, kind, template);

        // What an injection might do: add an annotation and a container.
        pod.Pod["metadata"]!["annotations"] = new JsonObject { ["a"] = "b" };
        pod.Pod["spec"]!["containers"]!.AsArray().Add(new JsonObject { ["name"] = "istio-proxy" });
        pod.WriteBack(pod.Pod);

        var expected = Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: hello}\nspec:\n  replicas: 2\n  template:\n    spec: {containers: [{name: hello}, {name: istio-proxy}]}\n    metadata: {annotations: {a: b}}\n");
        Assert.True(JsonNode.DeepEquals(expected, deployment), deployment.ToJsonString());
    }

    [Fact]
    public void BarePodKeepsItsOwnNameAndDropsOnlyTheAddedNamespace()
    {
        var podDoc = Parse("apiVersion: v1\nkind: Pod\nmetadata: {name: p, generateName: p-}\nspec: {containers: [{name: c}]}\n");
        PodTemplateLocator.TryLocate(podDoc, out var kind, out var template);
        var pod = WorkloadPod.Build((JsonObject)podDoc, kind, template);
        Assert.Equal("default", (string?)pod.Pod["metadata"]!["namespace"]);
        Assert.Null(pod.Pod["metadata"]!["ownerReferences"]);

        pod.WriteBack(pod.Pod);
        Assert.True(JsonNode.DeepEquals(Parse("apiVersion: v1\nkind: Pod\nmetadata: {name: p, generateName: p-}\nspec: {containers: [{name: c}]}\n"), podDoc), podDoc.ToJsonString());
    }

    [Fact]
    public void TemplateLabelsNamedLikeControllerFieldsSurvive()
    {
        var deployment = Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: h, namespace: n}\nspec:\n  template:\n    metadata: {namespace: n, labels: {pod-template-hash: mine}}\n    spec: {}\n");
        PodTemplateLocator.TryLocate(deployment, out var kind, out var template);
        var pod = WorkloadPod.Build((JsonObject)deployment, kind, template);
        Assert.Equal("h-mine", (string?)pod.Pod["metadata"]!["ownerReferences"]![0]!["name"]);
        pod.WriteBack(pod.Pod);
        Assert.Equal("n", (string?)template["metadata"]!["namespace"]);
        Assert.Equal("mine", (string?)template["metadata"]!["labels"]!["pod-template-hash"]);
    }

    private static JsonNode Parse(string yaml) => Assert.Single(ManifestYamlReader.ReadDocuments(yaml));
}
