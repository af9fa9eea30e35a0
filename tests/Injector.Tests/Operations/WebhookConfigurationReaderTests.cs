using System.Text.Json.Nodes;
using Injector.Operations.CheckInject;
using Injector.Webhooks;

namespace Injector.Tests.Operations;

public sealed class WebhookConfigurationReaderTests
{
    [Fact]
    public void ApiObjectsReadWithTheirWholeClientConfig()
    {
        var configuration = WebhookJsonReader.Read((JsonObject)JsonNode.Parse("""
            {"metadata":{"name":"injector-canary","labels":{"app":"sidecar-injector"},"resourceVersion":"42"},
             "webhooks":[
              {"name":"rev.namespace.sidecar-injector.istio.io",
               "clientConfig":{"service":{"name":"injector-canary","namespace":"istio-system","path":"/inject","port":15017},"caBundle":"AQID"},
               "rules":[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}],
               "namespaceSelector":{"matchExpressions":[{"key":"istio.io/rev","operator":"In","values":["canary"]},{"key":"istio-injection","operator":"DoesNotExist"}]},
               "objectSelector":{"matchLabels":{"app":"web"}},
               "reinvocationPolicy":"IfNeeded","timeoutSeconds":4},
              {"name":"rev.object.sidecar-injector.istio.io","clientConfig":{"url":"https://remote.example.org/inject"}}]}
            """)!);

        Assert.Equal("canary", configuration.Revision); // from the service name: no istio.io/rev label
        Assert.Equal("42", configuration.ResourceVersion);
        Assert.Equal(new WebhookClientConfig(new ServiceReference("injector-canary", "istio-system", "/inject", 15017), null, "AQID"),
            configuration.Webhooks[0].ClientConfig);
        Assert.Equal(new WebhookClientConfig(null, "https://remote.example.org/inject", null), configuration.Webhooks[1].ClientConfig);
        Assert.Equal(("IfNeeded", 4), (configuration.Webhooks[0].ReinvocationPolicy, configuration.Webhooks[0].TimeoutSeconds));
        var yes = WebhookEvaluator.Evaluate([configuration], "ns", OperationsTestData.Labels("istio.io/rev=canary"), OperationsTestData.Labels("app=web"));
        var no = WebhookEvaluator.Evaluate([configuration], "ns", OperationsTestData.Labels("istio.io/rev=canary"), OperationsTestData.Labels("app=db"));
        Assert.True(yes.Decisions[0].Injected);
        Assert.Equal("pod label app=db (selector wants app=web)", no.Decisions[0].Reason);
    }

    [Fact]
    public void YamlListsAndOtherKindsAreHandled()
    {
        const string yaml = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: ignored}
            - apiVersion: admissionregistration.k8s.io/v1
              kind: MutatingWebhookConfiguration
              metadata: {name: one, labels: {istio.io/rev: "1-22"}}
              webhooks: []
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: MutatingWebhookConfiguration
            metadata: {name: two}
            webhooks:
            - name: w
              clientConfig: {service: {name: istiod, namespace: istio-system}}
            """;

        var configurations = WebhookJsonReader.ReadAll(yaml);

        Assert.Equal(["one", "two"], configurations.Select(c => c.Name));
        Assert.Equal("1-22", configurations[0].Revision);
        Assert.Equal("default", configurations[1].Revision);
        Assert.Empty(configurations[1].Webhooks[0].Rules);
    }

    [Fact]
    public void MistypedFieldsReadAsAbsent()
    {
        var configuration = WebhookJsonReader.Read((JsonObject)JsonNode.Parse(
            """{"metadata":{"name":"x","labels":{"istio.io/rev":5}},"webhooks":[{"name":"w","namespaceSelector":"oops","rules":[{"operations":"CREATE"}]}]}""")!);

        Assert.Null(configuration.Revision);
        Assert.Null(configuration.Webhooks[0].NamespaceSelector);
        Assert.Empty(configuration.Webhooks[0].Rules[0].Operations);
    }
}
