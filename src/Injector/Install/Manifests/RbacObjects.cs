using Injector.Install.Yaml;
using Injector.Kubernetes;
using Injector.Kubernetes.WebhookCa;

namespace Injector.Install.Manifests;

/// <summary>
/// ServiceAccount and RBAC: exactly the rights the injector process's own API calls need, taken from the component
/// that makes them (<see cref="WebhookCaAccess"/>, <c>ClusterRevisionSource</c>, <c>ClusterFactsAccess</c>), each rule
/// with its reason as a comment. The config arrives as a
/// mounted ConfigMap (read by the kubelet, not by the injector) and, with cert-manager, the certificate as a mounted
/// Secret: then the injector calls the API not at all and gets no rights and no token.
/// </summary>
internal static class RbacObjects
{
    public static YamlMap ServiceAccount(ManifestOptions o) =>
        ObjectMeta.Object("v1", "ServiceAccount", ObjectMeta.Namespaced(o, o.Name))
            .Add("automountServiceAccountToken", NeedsApiAccess(o));

    /// <summary>What <c>serve</c>, as the Deployment runs it, calls on the API server.</summary>
    public static IReadOnlyList<ApiRight> ServerRights(ManifestOptions o) =>
        [
            .. o.Certificates == CertificateMode.Self ? WebhookCaAccess.Rights(WebhookCaOptionsFor(o)) : [],
            .. o.FromCluster ? Kubernetes.InstallConfig.ClusterRevisionSource.Rights(o.Namespace, o.Revision) : [],
            .. ClusterFactsRights(o),
        ];

    // The node and namespace watches serve runs for this revision (list and watch only: no call per request).
    private static IReadOnlyList<ApiRight> ClusterFactsRights(ManifestOptions o)
    {
        var (nodes, namespaces) = RevisionInputs.ClusterFacts(o);
        return Kubernetes.ClusterFacts.ClusterFactsAccess.Rights(nodes, namespaces);
    }

    public static bool NeedsApiAccess(ManifestOptions o) => ServerRights(o).Count > 0;

    /// <summary>The CA manager's settings as the Deployment's <c>serve --manage-webhook-ca</c> derives them.</summary>
    public static WebhookCaOptions WebhookCaOptionsFor(ManifestOptions o) => new() { Revision = o.Revision, Namespace = o.Namespace };

    /// <summary>The rights limited to the install namespace; null when there are none.</summary>
    public static YamlMap? Role(ManifestOptions o) =>
        Rules(ServerRights(o).Where(r => r.Namespace is not null)) is { } rules
            ? ObjectMeta.Object("rbac.authorization.k8s.io/v1", "Role", ObjectMeta.Namespaced(o, o.Name)).Add("rules", rules)
            : null;

    public static YamlMap RoleBinding(ManifestOptions o) => Binding(o, "RoleBinding", "Role", ObjectMeta.Namespaced(o, o.Name));

    /// <summary>The rights on cluster-scoped resources (the webhook configurations); null when there are none.</summary>
    public static YamlMap? ClusterRole(ManifestOptions o) =>
        Rules(ServerRights(o).Where(r => r.Namespace is null)) is { } rules
            ? ObjectMeta.Object("rbac.authorization.k8s.io/v1", "ClusterRole", ObjectMeta.ClusterScoped(o, ClusterName(o))).Add("rules", rules)
            : null;

    public static YamlMap ClusterRoleBinding(ManifestOptions o) =>
        Binding(o, "ClusterRoleBinding", "ClusterRole", ObjectMeta.ClusterScoped(o, ClusterName(o)));

    /// <summary>Cluster-scoped objects carry the namespace too: the same revision may be installed in two namespaces.</summary>
    public static string ClusterName(ManifestOptions o) => o.Name + "-" + o.Namespace;

    /// <summary>The user name the API server gives the injector's ServiceAccount token.</summary>
    public static string ServiceAccountUser(ManifestOptions o) => "system:serviceaccount:" + o.Namespace + ":" + o.Name;

    private static YamlMap Binding(ManifestOptions o, string kind, string roleKind, YamlMap metadata)
    {
        var subject = new YamlMap().Add("kind", "ServiceAccount").Add("name", o.Name).Add("namespace", o.Namespace);
        var roleRef = new YamlMap()
            .Add("apiGroup", "rbac.authorization.k8s.io")
            .Add("kind", roleKind)
            .Add("name", metadata["name"]);
        return ObjectMeta.Object("rbac.authorization.k8s.io/v1", kind, metadata)
            .Add("roleRef", roleRef)
            .Add("subjects", YamlSeq.Of(subject));
    }

    private static YamlSeq? Rules(IEnumerable<ApiRight> rights)
    {
        var rules = new YamlSeq();
        foreach (var right in rights)
        {
            var verbs = new YamlSeq();
            foreach (var verb in right.Verbs) verbs.Add(verb);
            var rule = new YamlMap()
                .Add("apiGroups", YamlSeq.Of(right.ApiGroup), right.Why)
                .Add("resources", YamlSeq.Of(right.Resource))
                .Add("verbs", verbs);
            if (right.ResourceNames.Count > 0)
            {
                var names = new YamlSeq();
                foreach (var name in right.ResourceNames) names.Add(name);
                rule.Add("resourceNames", names);
            }
            rules.Add(rule);
        }
        return rules.Items.Count > 0 ? rules : null;
    }
}
