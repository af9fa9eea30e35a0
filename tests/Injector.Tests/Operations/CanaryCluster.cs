using System.Text.Json.Nodes;
using Injector.Operations;
using Injector.Tests.Fakes;

namespace Injector.Tests.Operations;

/// <summary>Seeds the fake API server with a canary upgrade in progress (the layout of webhooks-canary.yaml).</summary>
internal static class CanaryCluster
{
    public static async Task<FakeKubeApiServer> StartAsync(bool canaryReady = true)
    {
        var server = await FakeKubeApiServer.StartAsync();
        foreach (var document in Injector.Workloads.ManifestYamlReader.ReadDocuments(File.ReadAllText(OperationsTestData.PathOf("webhooks-canary.yaml"))))
        {
            server.Add((JsonObject)document!);
        }
        // Not ours: must be ignored (no app=sidecar-injector label).
        server.Add("""{"apiVersion":"admissionregistration.k8s.io/v1","kind":"MutatingWebhookConfiguration","metadata":{"name":"other-webhook"},"webhooks":[{"name":"x.example.com","rules":[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}]}]}""");
        Namespace(server, "istio-system", "");
        Namespace(server, "app", """{"istio-injection":"enabled","team":"a"}""");
        Namespace(server, "shop", """{"istio.io/rev":"prod"}""");
        Namespace(server, "plain", "{}");
        Deployment(server, "istio-system", "injector-1-22", ready: 2);
        Deployment(server, "istio-system", "injector-asm-1233-2", ready: canaryReady ? 1 : 0);
        Deployment(server, "app", "web", ready: 1);
        server.Add("""{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"app"},"spec":{"template":{"metadata":{}}}}""");
        server.Add("""{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","namespace":"app"},"spec":{"template":{"metadata":{}}}}""");
        Pod(server, "app", "web-1", """{"app":"web"}""", "1-22");
        Pod(server, "app", "web-2", """{"app":"web","sidecar.istio.io/inject":"false"}""", null);
        Pod(server, "shop", "cart-1", """{"app":"cart"}""", "asm-1233-2");
        Pod(server, "plain", "legacy-1", "{}", "1-20");
        return server;
    }

    public static void Namespace(FakeKubeApiServer server, string name, string labelsJson) => server.Add(new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = JsonNode.Parse(labelsJson.Length == 0 ? "{}" : labelsJson) },
    });

    private static void Deployment(FakeKubeApiServer server, string ns, string name, int ready) => server.Add(new JsonObject
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject() } },
        ["status"] = new JsonObject { ["readyReplicas"] = ready },
    });

    private static void Pod(FakeKubeApiServer server, string ns, string name, string labelsJson, string? revision)
    {
        var annotations = new JsonObject();
        if (revision is not null) annotations["sidecar.istio.io/status"] = "{\"containers\":[\"istio-proxy\"],\"revision\":\"" + revision + "\"}";
        server.Add(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = JsonNode.Parse(labelsJson), ["annotations"] = annotations },
        });
    }
}
