using Injector.Json;
using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Injection;
using Injector.Revisions;
using Injector.Workloads;

namespace Injector.Tests.KubeInject;

public sealed class ManifestInjectorTests
{
    private readonly CompiledRevision _revision = RevisionLoader.Load(null, null).Default.Compiled!;
    private readonly FakeSidecarInjection _fake = new();

    private ManifestInjectionResult Run(string yaml, out List<JsonNode> documents)
    {
        documents = ManifestYamlReader.ReadDocuments(yaml);
        return new ManifestInjector(_revision, _fake.Inject).Inject(documents);
    }

    [Fact]
    public void DeploymentTemplateIsInjectedAndOtherDocumentsPassThrough()
    {
        const string service = "apiVersion: v1\nkind: Service\nmetadata: {name: hello}\nspec: {ports: [{port: 80}]}\n";
        const string deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: hello, namespace: shop}\nspec:\n  replicas: 3\n  template:\n    metadata: {labels: {app: hello}}\n    spec: {containers: [{name: hello, image: app}]}\n";
        var result = Run(service + "---\n" + deployment, out var documents);

        Assert.Equal(1, result.Injected);
        Assert.Empty(result.Denials);
        Assert.True(JsonNode.DeepEquals(ManifestYamlReader.ReadDocuments(service)[0], documents[0]));

        var expected = ManifestYamlReader.ReadDocuments(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: hello, namespace: shop}\nspec:\n  replicas: 3\n  template:\n"
            + "    metadata:\n      labels: {app: hello}\n      annotations: {sidecar.istio.io/status: '{\"revision\":\"default\"}'}\n"
            + "    spec:\n      containers:\n      - {name: hello, image: app}\n"
            + "      - name: istio-proxy\n        image: docker.io/istio/proxyv2:1.28.0\n"
            + "        env: [{name: OWNER, value: ReplicaSet/hello-kubeinject}, {name: NAMESPACE, value: shop}, {name: PORTS, value: \"[\\n  80\\n]\\n\"}]\n")[0];
        Assert.True(JsonNode.DeepEquals(expected, documents[1]), documents[1].ToJsonString());
        Assert.Equal(["shop"], _fake.SeenNamespaces);
    }

    [Fact]
    public void ListItemsAreInjected()
    {
        var result = Run("apiVersion: v1\nkind: List\nitems:\n"
            + "- {apiVersion: v1, kind: Service, metadata: {name: s}}\n"
            + "- {apiVersion: apps/v1, kind: DaemonSet, metadata: {name: d}, spec: {template: {spec: {containers: [{name: c}]}}}}\n"
            + "- {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c}]}}\n", out var documents);

        Assert.Equal(2, result.Injected);
        var items = documents[0]["items"]!.AsArray();
        Assert.Null(items[0]!["spec"]);
        Assert.Equal("DaemonSet/d", (string?)items[1]!["spec"]!["template"]!["spec"]!["containers"]![1]!["env"]![0]!["value"]);
        Assert.Equal("pod/p", (string?)items[2]!["spec"]!["containers"]![1]!["env"]![0]!["value"]);
        Assert.Null(items[2]!["metadata"]!["namespace"]); // added for the API server's view only
    }

    [Fact]
    public void CronJobIsInjectedThroughItsJobTemplate()
    {
        Run("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n      template:\n        spec: {containers: [{name: c}], restartPolicy: Never}\n", out var documents);
        var template = documents[0]["spec"]!["jobTemplate"]!["spec"]!["template"]!;
        Assert.Equal("Job/nightly-29000000", (string?)template["spec"]!["containers"]![1]!["env"]![0]!["value"]);
        Assert.Equal("@daily", (string?)documents[0]["spec"]!["schedule"]);
        Assert.Null(template["metadata"]!["ownerReferences"]);
        Assert.Null(template["metadata"]!["generateName"]);
    }

    [Fact]
    public void SkippedWorkloadsAreUnchanged()
    {
        const string yaml = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  template:\n    metadata: {annotations: {sidecar.istio.io/inject: 'false'}}\n    spec: {containers: [{name: db}]}\n";
        var result = Run(yaml, out var documents);
        Assert.Equal(0, result.Injected);
        Assert.True(JsonNode.DeepEquals(ManifestYamlReader.ReadDocuments(yaml)[0], documents[0]));
    }

    [Fact]
    public void DenialsNameTheWorkload()
    {
        var result = Run("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad, namespace: ns}\nspec:\n  template:\n    metadata: {annotations: {fake/deny: 'invalid proxy override'}}\n    spec: {containers: [{name: c}]}\n", out _);
        Assert.Equal(["Deployment ns/bad: invalid proxy override"], result.Denials);
    }

    [Fact]
    public void APatchThatDoesNotApplyIsAnErrorNamingTheWorkload()
    {
        var documents = ManifestYamlReader.ReadDocuments("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {template: {spec: {}}}\n");
        var injector = new ManifestInjector(_revision, BrokenPatch);
        var ex = Assert.Throws<InvalidDataException>(() => injector.Inject(documents));
        Assert.Contains("Job default/j", ex.Message);
        Assert.Contains("does not exist", ex.Message);
    }

    private static InjectionResult BrokenPatch(JsonTreeElement pod, in InjectionParameters parameters, CompiledRevision revision, IBufferWriter<byte> patch)
    {
        patch.Write("[{\"op\":\"add\",\"path\":\"/spec/nope/0\",\"value\":1}]"u8);
        return InjectionResult.Injected();
    }
}
