using Injector.Install.Yaml;

namespace Injector.Install.Manifests;

/// <summary>
/// ServiceAccount and least-privilege RBAC: only what the injector process itself reads or writes.
/// With cert-manager the certificate arrives as a mounted Secret, so no Secret or webhook rights are granted.
/// </summary>
internal static class RbacObjects
{
    public static YamlMap ServiceAccount(ManifestOptions o) =>
        ObjectMeta.Object("v1", "ServiceAccount", ObjectMeta.Namespaced(o, o.Name));

    public static YamlMap Role(ManifestOptions o)
    {
        var rules = new YamlSeq().Add(Rule("", "configmaps", ["get", "list", "watch"]));
        var role = ObjectMeta.Object("rbac.authorization.k8s.io/v1", "Role", ObjectMeta.Namespaced(o, o.Name));
        if (o.Certificates == CertificateMode.Self)
        {
            // RBAC cannot limit "create" by name (the name is not known before the object exists), so create is
            // granted alone; every other verb is limited to the revision's own certificate Secret.
            rules.Add(Rule("", "secrets", ["create"]));
            rules.Add(Rule("", "secrets", ["get", "watch", "update"]).Add("resourceNames", YamlSeq.Of(o.TlsSecretName)));
        }
        role.Add("rules", rules, Comment(o));
        return role;
    }

    public static YamlMap RoleBinding(ManifestOptions o) => Binding(o, "RoleBinding", "Role", ObjectMeta.Namespaced(o, o.Name));

    /// <summary>Cluster-wide only for what is cluster-scoped: the webhook configurations whose caBundle it keeps current.</summary>
    public static YamlMap ClusterRole(ManifestOptions o)
    {
        var rules = YamlSeq.Of(Rule("admissionregistration.k8s.io", "mutatingwebhookconfigurations", ["get", "list", "watch", "patch"]));
        return ObjectMeta.Object("rbac.authorization.k8s.io/v1", "ClusterRole", ObjectMeta.ClusterScoped(o, o.Name + "-" + o.Namespace))
            .Add("rules", rules,
                "get/list/watch: find this revision's webhook configurations and its tags' (the client filters on the\n" +
                "label istio.io/rev; RBAC cannot filter by label). patch: write their caBundle, nothing else.");
    }

    public static YamlMap ClusterRoleBinding(ManifestOptions o) =>
        Binding(o, "ClusterRoleBinding", "ClusterRole", ObjectMeta.ClusterScoped(o, o.Name + "-" + o.Namespace));

    private static string Comment(ManifestOptions o) =>
        "configmaps get/list/watch: read and hot-reload this revision's config (namespace only)." +
        (o.Certificates == CertificateMode.Self
            ? "\nsecrets: create the shared serving certificate Secret once, then read, watch and rotate only that one."
            : string.Empty);

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

    private static YamlMap Rule(string apiGroup, string resource, string[] verbs)
    {
        var verbSeq = new YamlSeq();
        foreach (var verb in verbs) verbSeq.Add(verb);
        return new YamlMap()
            .Add("apiGroups", YamlSeq.Of(apiGroup))
            .Add("resources", YamlSeq.Of(resource))
            .Add("verbs", verbSeq);
    }
}
