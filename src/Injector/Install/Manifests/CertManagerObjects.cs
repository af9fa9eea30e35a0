using Injector.Install.Yaml;

namespace Injector.Install.Manifests;

/// <summary>
/// cert-manager mode: a self-signed root issues a CA, the CA issues the serving certificate (Secret
/// <c>injector-R-tls</c>), and cert-manager's CA injector copies the CA into the webhooks' caBundle. The leaf then
/// rotates under an unchanged CA, so the caBundle does not change on renewal.
/// </summary>
internal static class CertManagerObjects
{
    private const string ApiVersion = "cert-manager.io/v1";

    public static string CaCertificateName(ManifestOptions o) => o.Name + "-ca";

    /// <summary>The value of <c>cert-manager.io/inject-ca-from</c> on the webhook configuration.</summary>
    public static string InjectCaFrom(ManifestOptions o) => o.Namespace + "/" + o.Name;

    public static IEnumerable<YamlMap> Create(ManifestOptions o)
    {
        yield return ObjectMeta.Object(ApiVersion, "Issuer", ObjectMeta.Namespaced(o, o.Name + "-selfsigned"))
            .Add("spec", new YamlMap().Add("selfSigned", new YamlMap()));
        yield return ObjectMeta.Object(ApiVersion, "Certificate", ObjectMeta.Namespaced(o, CaCertificateName(o)))
            .Add("spec", new YamlMap()
                .Add("isCA", true)
                .Add("commonName", CaCertificateName(o))
                .Add("secretName", CaCertificateName(o))
                .Add("duration", "87600h")
                .Add("privateKey", new YamlMap().Add("algorithm", "ECDSA").Add("size", 256))
                .Add("issuerRef", IssuerRef(o.Name + "-selfsigned")));
        yield return ObjectMeta.Object(ApiVersion, "Issuer", ObjectMeta.Namespaced(o, CaCertificateName(o)))
            .Add("spec", new YamlMap().Add("ca", new YamlMap().Add("secretName", CaCertificateName(o))));
        var service = o.Name + "." + o.Namespace + ".svc";
        yield return ObjectMeta.Object(ApiVersion, "Certificate", ObjectMeta.Namespaced(o, o.Name))
            .Add("spec", new YamlMap()
                .Add("secretName", o.TlsSecretName)
                .Add("dnsNames", YamlSeq.Of(service, service + ".cluster.local"))
                .Add("duration", "2160h")
                .Add("renewBefore", "360h")
                .Add("privateKey", new YamlMap().Add("algorithm", "ECDSA").Add("size", 256).Add("rotationPolicy", "Always"))
                .Add("usages", YamlSeq.Of("server auth", "digital signature", "key encipherment"))
                .Add("issuerRef", IssuerRef(CaCertificateName(o))));
    }

    private static YamlMap IssuerRef(string name) =>
        new YamlMap().Add("name", name).Add("kind", "Issuer").Add("group", "cert-manager.io");
}
