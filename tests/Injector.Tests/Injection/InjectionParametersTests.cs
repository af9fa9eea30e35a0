using Injector.Injection;
using static Injector.Tests.Injection.InjectionHarness;

namespace Injector.Tests.Injection;

/// <summary>The <c>/inject/cluster/C/net/N</c> path overrides and the namespace fallback.</summary>
public sealed class InjectionParametersTests
{
    [Fact]
    public void ClusterAndNetworkOverridesReachTheProxy()
    {
        var pod = Inject(Pod(), parameters: new InjectionParameters("shop", "east", "net-1"));
        Assert.Equal("east", (string?)Env(pod, "ISTIO_META_CLUSTER_ID")!["value"]);
        Assert.Equal("net-1", (string?)Env(pod, "ISTIO_META_NETWORK")!["value"]);
        Assert.Equal("kubernetes://apis/v1/namespaces/shop/pods/app", (string?)Env(pod, "ISTIO_META_OWNER")!["value"]);
    }

    [Fact]
    public void WithoutOverridesTheRevisionSettingsApply()
    {
        var pod = Inject(Pod(), Revision("revision: default\nclusterID: west\nnetwork: net-0\n"));
        Assert.Equal("west", (string?)Env(pod, "ISTIO_META_CLUSTER_ID")!["value"]);
        Assert.Equal("net-0", (string?)Env(pod, "ISTIO_META_NETWORK")!["value"]);
    }

    [Fact]
    public void NoNetworkMeansNoNetworkEnv()
    {
        Assert.Null(Env(Inject(Pod()), "ISTIO_META_NETWORK"));
    }

    [Fact]
    public void PodNamespaceWinsOverTheRequestNamespace()
    {
        var pod = Inject(Pod("\"name\":\"app\",\"namespace\":\"own\""), parameters: new InjectionParameters("other"));
        Assert.Equal("kubernetes://apis/v1/namespaces/own/pods/app", (string?)Env(pod, "ISTIO_META_OWNER")!["value"]);
    }

    [Theory]
    [InlineData("{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"web-7d9f\",\"controller\":true}", "\"pod-template-hash\":\"7d9f\"", "web", "kubernetes://apis/apps/v1/namespaces/default/deployments/web")]
    [InlineData("{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"web-7d9f\",\"controller\":true}", "\"x\":\"y\"", "web-7d9f", "kubernetes://apis/apps/v1/namespaces/default/replicasets/web-7d9f")]
    [InlineData("{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"name\":\"nightly-28012345\",\"controller\":true}", "\"x\":\"y\"", "nightly", "kubernetes://apis/batch/v1/namespaces/default/cronjobs/nightly")]
    [InlineData("{\"apiVersion\":\"v1\",\"kind\":\"ReplicationController\",\"name\":\"dc-3\",\"controller\":true}", "\"deploymentconfig\":\"dc\"", "dc", "kubernetes://apis/v1/namespaces/default/deploymentconfigs/dc")]
    public void WorkloadComesFromTheControllerReference(string owner, string labels, string workload, string ownerUri)
    {
        var pod = Inject(Pod("\"generateName\":\"" + workload.TrimEnd('-') + "-\",\"labels\":{" + labels + "},\"ownerReferences\":[" + owner + "]"));
        Assert.Equal(workload, (string?)Env(pod, "ISTIO_META_WORKLOAD_NAME")!["value"]);
        Assert.Equal(ownerUri, (string?)Env(pod, "ISTIO_META_OWNER")!["value"]);
    }

    // Istio's GetDeployMetaFromPod: without a controller reference the workload is the pod's own name, empty before the
    // API server generates it (the generateName prefix is not used), so the template writes neither env.
    [Fact]
    public void WithoutAControllerTheWorkloadIsThePodsOwnName()
    {
        var pod = Inject(Pod("\"generateName\":\"db-\",\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"name\":\"db\",\"controller\":false}]"));
        Assert.Null(Env(pod, "ISTIO_META_WORKLOAD_NAME"));
        Assert.Null(Env(pod, "ISTIO_META_OWNER"));
    }
}
