using System.Text.Json.Nodes;
using Injector.Operations.Webhooks;
using k8s.Models;

namespace Injector.Tests.Operations;

public sealed class WebhookConfigurationReaderTests
{
    [Fact]
    public void KubernetesClientModelConvertsToTheSameDecisions()
    {
        var model = new V1MutatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = "injector-canary", Labels = new Dictionary<string, string> { ["app"] = "sidecar-injector" } },
            Webhooks =
            [
                new V1MutatingWebhook
                {
                    Name = "rev.namespace.sidecar-injector.istio.io",
                    ClientConfig = new Admissionregistrationv1WebhookClientConfig
                    {
                        Service = new Admissionregistrationv1ServiceReference { Name = "injector-canary", NamespaceProperty = "istio-system" },
                        CaBundle = [1, 2, 3],
                    },
                    Rules = [new V1RuleWithOperations { Operations = ["CREATE"], ApiGroups = [""], ApiVersions = ["v1"], Resources = ["pods"] }],
                    NamespaceSelector = new V1LabelSelector
                    {
                        MatchExpressions =
                        [
                            new V1LabelSelectorRequirement { Key = "istio.io/rev", OperatorProperty = "In", Values = ["canary"] },
                            new V1LabelSelectorRequirement { Key = "istio-injection", OperatorProperty = "DoesNotExist" },
                        ],
                    },
                    ObjectSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                },
            ],
        };

        var configuration = WebhookConfigurationReader.FromKubernetes(model);

        Assert.Equal("canary", configuration.Revision); // from the service name: no istio.io/rev label
        Assert.Equal("AQID", configuration.Webhooks[0].CaBundle);
        Assert.Equal("istio-system", configuration.Webhooks[0].ServiceNamespace);
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

        var configurations = WebhookConfigurationReader.FromYaml(yaml);

        Assert.Equal(["one", "two"], configurations.Select(c => c.Name));
        Assert.Equal("1-22", configurations[0].Revision);
        Assert.Equal("default", configurations[1].Revision);
        Assert.Empty(configurations[1].Webhooks[0].Rules);
    }

    [Fact]
    public void MistypedFieldsReadAsAbsent()
    {
        var configuration = WebhookConfigurationReader.FromJson((JsonObject)JsonNode.Parse(
            """{"metadata":{"name":"x","labels":{"istio.io/rev":5}},"webhooks":[{"name":"w","namespaceSelector":"oops","rules":[{"operations":"CREATE"}]}]}""")!);

        Assert.Null(configuration.Revision);
        Assert.Null(configuration.Webhooks[0].NamespaceSelector);
        Assert.Empty(configuration.Webhooks[0].Rules[0].Operations);
    }
}
