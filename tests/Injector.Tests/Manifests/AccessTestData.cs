using System.Text.Json.Nodes;

namespace Injector.Tests.Manifests;

/// <summary>Webhook configurations for the access tests, shaped as kube-apiserver stores them (defaults filled in).</summary>
internal static class AccessTestData
{
    public static JsonObject Configuration(string name, string? revision, string? tag, string service, string serviceNamespace = "istio-system")
    {
        var labels = new JsonObject { ["app"] = "sidecar-injector" };
        if (revision is not null) labels["istio.io/rev"] = revision;
        if (tag is not null) labels["istio.io/tag"] = tag;
        return new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = "MutatingWebhookConfiguration",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels, ["generation"] = 1 },
            ["webhooks"] = new JsonArray(Webhook("rev.namespace.sidecar-injector.istio.io", service, serviceNamespace),
                                         Webhook("rev.object.sidecar-injector.istio.io", service, serviceNamespace)),
        };
    }

    public static JsonObject Webhook(string name, string service, string serviceNamespace) => new()
    {
        ["name"] = name,
        ["clientConfig"] = new JsonObject
        {
            ["service"] = new JsonObject { ["name"] = service, ["namespace"] = serviceNamespace, ["path"] = "/inject", ["port"] = 443 },
        },
        ["rules"] = new JsonArray(new JsonObject
        {
            ["operations"] = new JsonArray("CREATE"), ["apiGroups"] = new JsonArray(""), ["apiVersions"] = new JsonArray("v1"),
            ["resources"] = new JsonArray("pods"), ["scope"] = "*",
        }),
        ["failurePolicy"] = "Fail",
        ["matchPolicy"] = "Equivalent",
        ["namespaceSelector"] = new JsonObject
        {
            ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "istio.io/rev", ["operator"] = "In", ["values"] = new JsonArray("asm-1233-2") }),
        },
        ["objectSelector"] = new JsonObject(),
        ["sideEffects"] = "None",
        ["timeoutSeconds"] = 10,
        ["admissionReviewVersions"] = new JsonArray("v1"),
        ["reinvocationPolicy"] = "Never",
    };
}
