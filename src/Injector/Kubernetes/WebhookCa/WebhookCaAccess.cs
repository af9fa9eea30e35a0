using Injector.Istio;

namespace Injector.Kubernetes.WebhookCa;

/// <summary>
/// Every API call <see cref="WebhookCaManager"/> makes, as rights: <c>serve --manage-webhook-ca</c> needs these and
/// nothing else. Two of them cannot be narrowed by RBAC (a create has no name yet; tags are named after install), so
/// the manifest adds a ValidatingAdmissionPolicy that limits what this identity may write to what
/// <see cref="WebhookCaManager"/> writes: the Secret <see cref="WebhookCaOptions.SecretName"/>, and the caBundle of
/// the webhooks in <see cref="WebhookCaScope"/>.
/// </summary>
internal static class WebhookCaAccess
{
    public const string AdmissionGroup = "admissionregistration.k8s.io";
    public const string WebhookConfigurations = "mutatingwebhookconfigurations";

    public static IReadOnlyList<ApiRight> Rights(WebhookCaOptions options) =>
    [
        new("", "secrets", ["create"],
            "create the serving-certificate Secret once (RBAC cannot limit create by name: the admission policy allows\n" +
            "only " + options.SecretName + ")")
        {
            Namespace = options.Namespace,
        },
        new("", "secrets", ["get", "update"], "read and rotate that Secret, and no other")
        {
            Namespace = options.Namespace,
            ResourceNames = [options.SecretName],
        },
        new(AdmissionGroup, WebhookConfigurations, ["list"],
            "find its own webhook configuration and its tags' (label " + IstioNames.RevisionLabel + "=" + options.Revision +
            "; RBAC cannot filter by label)"),
        new(AdmissionGroup, WebhookConfigurations, ["patch"],
            "write the caBundle of its own and its tags' webhooks. Tags are named after install, so RBAC cannot name\n" +
            "them: the admission policy refuses every other change, and every other configuration"),
    ];
}
