using System.Text.Json.Nodes;
using Injector.Operations.Migration.Verify;

namespace Injector.Tests.Operations;

/// <summary>kubectl rollout status's reading of each kind, case by case (kubectl's messages, worked out from its rules).</summary>
public sealed class RolloutStatusTests
{
    [Theory]
    [InlineData("""{"metadata":{"generation":3},"spec":{"replicas":2},"status":{"observedGeneration":2,"replicas":2,"updatedReplicas":2,"availableReplicas":2}}""", "Waiting", "waiting for the deployment's new template to be observed")]
    [InlineData("""{"metadata":{"generation":3},"spec":{"replicas":2},"status":{"observedGeneration":3,"replicas":3,"updatedReplicas":1,"availableReplicas":2}}""", "Waiting", "1 out of 2 new replicas have been updated")]
    [InlineData("""{"metadata":{"generation":3},"spec":{"replicas":2},"status":{"observedGeneration":3,"replicas":3,"updatedReplicas":2,"availableReplicas":2}}""", "Waiting", "1 old replicas are pending termination")]
    [InlineData("""{"metadata":{"generation":3},"spec":{"replicas":2},"status":{"observedGeneration":3,"replicas":2,"updatedReplicas":2,"availableReplicas":1}}""", "Waiting", "1 of 2 updated replicas are available")]
    [InlineData("""{"metadata":{"generation":3},"spec":{"replicas":2},"status":{"observedGeneration":3,"replicas":2,"updatedReplicas":2,"availableReplicas":2}}""", "Complete", "2 replicas updated and available")]
    [InlineData("""{"metadata":{"generation":3},"spec":{},"status":{"observedGeneration":3,"replicas":1,"updatedReplicas":1,"availableReplicas":1}}""", "Complete", "1 replicas updated and available")]
    [InlineData("""{"metadata":{"generation":3},"spec":{"replicas":2},"status":{"observedGeneration":3,"conditions":[{"type":"Progressing","reason":"ProgressDeadlineExceeded","message":"ReplicaSet \"web-2\" has timed out progressing."}]}}""", "Failed", "exceeded its progress deadline: ReplicaSet \"web-2\" has timed out progressing.")]
    public void Deployments(string json, string phase, string message) => Check("deployments", json, phase, message);

    [Theory]
    [InlineData("""{"metadata":{"generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"readyReplicas":2,"currentRevision":"a","updateRevision":"b"}}""", "Waiting", "2 of 3 pods are ready")]
    [InlineData("""{"metadata":{"generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"readyReplicas":3,"updatedReplicas":1,"currentRevision":"a","updateRevision":"b"}}""", "Waiting", "1 of 3 pods are at revision b")]
    [InlineData("""{"metadata":{"generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"readyReplicas":3,"updatedReplicas":3,"currentRevision":"b","updateRevision":"b"}}""", "Complete", "3 pods updated and ready")]
    [InlineData("""{"metadata":{"generation":2},"spec":{"replicas":3,"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}},"status":{"observedGeneration":2,"readyReplicas":3,"updatedReplicas":1}}""", "Complete", "partitioned rollout complete (1 pods updated)")]
    [InlineData("""{"metadata":{"generation":2},"spec":{"updateStrategy":{"type":"OnDelete"}},"status":{}}""", "Failed", "updateStrategy OnDelete replaces pods only when they are deleted; its rollout cannot be verified")]
    [InlineData("""{"metadata":{"generation":2},"spec":{"replicas":1},"status":{"observedGeneration":0}}""", "Waiting", "waiting for the statefulset's new template to be observed")]
    public void StatefulSets(string json, string phase, string message) => Check("statefulsets", json, phase, message);

    [Theory]
    [InlineData("""{"metadata":{"generation":4},"status":{"observedGeneration":4,"desiredNumberScheduled":3,"updatedNumberScheduled":2,"numberAvailable":3}}""", "Waiting", "2 out of 3 new pods have been updated")]
    [InlineData("""{"metadata":{"generation":4},"status":{"observedGeneration":4,"desiredNumberScheduled":3,"updatedNumberScheduled":3,"numberAvailable":1}}""", "Waiting", "1 of 3 updated pods are available")]
    [InlineData("""{"metadata":{"generation":4},"status":{"observedGeneration":4,"desiredNumberScheduled":3,"updatedNumberScheduled":3,"numberAvailable":3}}""", "Complete", "3 pods updated and available")]
    public void DaemonSets(string json, string phase, string message) => Check("daemonsets", json, phase, message);

    [Fact]
    public void PodsMustCarryTheRevisionUnlessTerminatingOrOptedOut()
    {
        static JsonObject Pod(string name, string? revision, bool terminating = false, bool optOut = false)
        {
            var pod = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject(), ["annotations"] = new JsonObject() } };
            if (revision is not null) pod["metadata"]!["annotations"]!["sidecar.istio.io/status"] = "{\"revision\":\"" + revision + "\"}";
            if (terminating) pod["metadata"]!["deletionTimestamp"] = "2026-01-01T00:00:00Z";
            if (optOut) pod["metadata"]!["labels"]!["sidecar.istio.io/inject"] = "false";
            return pod;
        }

        Assert.Null(PodRevisionCheck.Problem([Pod("a", "new"), Pod("old", "old", terminating: true), Pod("job", null, optOut: true)], "new", out var checkedPods));
        Assert.Equal(1, checkedPods);
        Assert.Equal("pod b was injected by revision old, not new", PodRevisionCheck.Problem([Pod("a", "new"), Pod("b", "old")], "new", out _));
        Assert.Equal("pod c has no sidecar (no sidecar.istio.io/status annotation)", PodRevisionCheck.Problem([Pod("c", null)], "new", out _));
    }

    private static void Check(string resource, string json, string phase, string message)
    {
        var state = RolloutStatus.Evaluate(resource, (JsonObject)JsonNode.Parse(json)!);
        Assert.Equal((phase, message), (state.Phase.ToString(), state.Message));
    }
}
