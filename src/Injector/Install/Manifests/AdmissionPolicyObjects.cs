using Injector.Install.Yaml;
using Injector.Istio;
using Injector.Kubernetes.WebhookCa;

namespace Injector.Install.Manifests;

/// <summary>
/// The ValidatingAdmissionPolicy (admissionregistration v1, Kubernetes 1.30+) and its binding that narrow the two
/// rights RBAC cannot: for requests from the injector's own ServiceAccount (and no one else's), a Secret may be
/// created only under its certificate's name, and a MutatingWebhookConfiguration may only be updated, only if it is
/// the revision's own or one of its tags, and only in the caBundle of the webhooks calling its Service
/// (<see cref="WebhookCaScope"/>): old and new objects must be equal in everything else (labels and annotations
/// included), whatever form the write took (update, JSON, merge, strategic or apply patch: admission sees the result).
/// An expression that cannot be evaluated (an error, its cost limit) refuses the request (<c>failurePolicy: Fail</c>).
/// </summary>
internal static class AdmissionPolicyObjects
{
    private const string ApiVersion = "admissionregistration.k8s.io/v1";

    public static YamlMap Policy(ManifestOptions o)
    {
        var ca = RbacObjects.WebhookCaOptionsFor(o);
        var who = "the injector of revision " + o.Revision;
        var spec = new YamlMap()
            .Add("failurePolicy", "Fail", "An expression that errors or runs out of budget refuses the request.")
            .Add("matchConstraints", new YamlMap().Add("resourceRules", YamlSeq.Of(
                ResourceRule(WebhookCaAccess.AdmissionGroup, WebhookCaAccess.WebhookConfigurations, "CREATE", "UPDATE", "DELETE"),
                ResourceRule("", "secrets", "CREATE"))))
            .Add("matchConditions", YamlSeq.Of(new YamlMap()
                .Add("name", "injector-service-account")
                .Add("expression", "request.userInfo.username == '" + RbacObjects.ServiceAccountUser(o) + "'")),
                "Only this revision's injector is checked; every other user is left alone.")
            .Add("variables", YamlSeq.Of(
                Variable("webhookUpdate", "request.resource.resource == '" + WebhookCaAccess.WebhookConfigurations + "' && request.operation == 'UPDATE'"),
                // Untyped views: the checks walk the objects' keys generically, so fields added to the API later are
                // compared too instead of slipping through.
                Variable("obj", "dyn(object)"),
                Variable("old", "dyn(oldObject)"),
                // Written by the API server itself on every update, never by the client.
                Variable("serverFields", "['managedFields', 'resourceVersion', 'generation']")))
            .Add("validations", YamlSeq.Of(
                Validation(
                    "request.resource.resource != 'secrets' ||\n" +
                    $"  (request.namespace == '{o.Namespace}' && object.metadata.name == '{ca.SecretName}')",
                    $"{who} may create only the Secret {o.Namespace}/{ca.SecretName}"),
                Validation(
                    $"request.resource.resource != '{WebhookCaAccess.WebhookConfigurations}' || request.operation == 'UPDATE'",
                    $"{who} may not create or delete webhook configurations"),
                Validation(
                    "!variables.webhookUpdate || (has(variables.old.metadata.labels) &&\n" +
                    $"  '{IstioNames.RevisionLabel}' in variables.old.metadata.labels &&\n" +
                    $"  variables.old.metadata.labels['{IstioNames.RevisionLabel}'] == '{o.Revision}' &&\n" +
                    $"  (variables.old.metadata.name == '{ca.ConfigurationName}' || '{IstioNames.TagLabel}' in variables.old.metadata.labels))",
                    $"{who} may change only its own webhook configuration {ca.ConfigurationName} and the tags labelled " +
                    $"{IstioNames.RevisionLabel}={o.Revision}"),
                Validation(
                    "!variables.webhookUpdate || (\n" +
                    "  variables.obj.all(k, k in ['metadata', 'webhooks'] || (k in variables.old && variables.obj[k] == variables.old[k])) &&\n" +
                    "  variables.old.all(k, k in variables.obj) &&\n" +
                    "  variables.obj.metadata.all(k, k in variables.serverFields ||\n" +
                    "    (k in variables.old.metadata && variables.obj.metadata[k] == variables.old.metadata[k])) &&\n" +
                    "  variables.old.metadata.all(k, k in variables.serverFields || k in variables.obj.metadata))",
                    $"{who} may not change a webhook configuration's metadata (labels, annotations, owners, finalizers) or top-level fields"),
                Validation(
                    "!variables.webhookUpdate || (has(variables.obj.webhooks) == has(variables.old.webhooks) &&\n" +
                    "  (!has(variables.obj.webhooks) || (\n" +
                    "    variables.obj.webhooks.map(w, w.name) == variables.old.webhooks.map(w, w.name) &&\n" +
                    "    variables.obj.webhooks.all(w, variables.old.webhooks.exists(o, o.name == w.name &&" + SameButCaBundle + ")) &&\n" +
                    "    variables.old.webhooks.all(o, variables.obj.webhooks.exists(w, w.name == o.name &&" + SameButCaBundle + ")))))",
                    $"{who} may change nothing in a webhook configuration but webhooks[*].clientConfig.caBundle"),
                Validation(
                    "!variables.webhookUpdate || !has(variables.obj.webhooks) || !has(variables.old.webhooks) ||\n" +
                    "  variables.obj.webhooks.all(w, variables.old.webhooks.all(o, o.name != w.name ||\n" +
                    "    ('caBundle' in w.clientConfig ? w.clientConfig.caBundle : '') ==\n" +
                    "      ('caBundle' in o.clientConfig ? o.clientConfig.caBundle : '') ||\n" +
                    $"    ('service' in o.clientConfig && o.clientConfig.service.name == '{ca.EffectiveServiceName}' &&\n" +
                    $"      o.clientConfig.service.namespace == '{o.Namespace}')))",
                    $"{who} may change the caBundle only of webhooks calling its Service {o.Namespace}/{ca.EffectiveServiceName}")));
        return ObjectMeta.Object(ApiVersion, "ValidatingAdmissionPolicy", ObjectMeta.ClusterScoped(o, RbacObjects.ClusterName(o)))
            .Add("spec", spec);
    }

    public static YamlMap Binding(ManifestOptions o) =>
        ObjectMeta.Object(ApiVersion, "ValidatingAdmissionPolicyBinding", ObjectMeta.ClusterScoped(o, RbacObjects.ClusterName(o)))
            .Add("spec", new YamlMap()
                .Add("policyName", RbacObjects.ClusterName(o))
                .Add("validationActions", YamlSeq.Of("Deny")));

    /// <summary>
    /// Webhooks <c>w</c> (new) and <c>o</c> (old) are equal in every key but <c>clientConfig.caBundle</c>. Keys are
    /// walked in both directions, so an added or removed key counts as a change.
    /// </summary>
    private const string SameButCaBundle =
        "\n      w.all(k, k == 'clientConfig' || (k in o && w[k] == o[k])) && o.all(k, k in w) &&" +
        "\n      w.clientConfig.all(k, k == 'caBundle' || (k in o.clientConfig && w.clientConfig[k] == o.clientConfig[k])) &&" +
        "\n      o.clientConfig.all(k, k == 'caBundle' || k in w.clientConfig)";

    private static YamlMap ResourceRule(string group, string resource, params string[] operations)
    {
        var ops = new YamlSeq();
        foreach (var operation in operations) ops.Add(operation);
        return new YamlMap()
            .Add("apiGroups", YamlSeq.Of(group))
            .Add("apiVersions", YamlSeq.Of("*"))
            .Add("operations", ops)
            .Add("resources", YamlSeq.Of(resource));
    }

    private static YamlMap Variable(string name, string expression) =>
        new YamlMap().Add("name", name).Add("expression", expression);

    private static YamlMap Validation(string expression, string message) => new YamlMap()
        .Add("expression", expression.Contains('\n') ? YamlScalar.Block(expression) : YamlScalar.Str(expression))
        .Add("message", message)
        .Add("reason", "Forbidden");
}
