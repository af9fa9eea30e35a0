namespace Injector.Install.Manifests;

/// <summary>How the injector's webhook serving certificate is provided.</summary>
internal enum CertificateMode
{
    /// <summary>The injector creates its own CA and keeps the webhooks' caBundle current (<c>serve --manage-webhook-ca</c>).</summary>
    Self,
    /// <summary>cert-manager issues the certificate and its CA injector fills the caBundle.</summary>
    CertManager,
}

/// <summary>Everything <c>injector manifest</c> needs to render one revision.</summary>
internal sealed record ManifestOptions(string Revision)
{
    public const string DefaultImage = "injector:latest";

    public string Namespace { get; init; } = Istio.IstioNames.IstioSystemNamespace;
    public string Image { get; init; } = DefaultImage;
    public int Replicas { get; init; } = 2;
    public CertificateMode Certificates { get; init; } = CertificateMode.Self;
    public bool IsDefault { get; init; }
    public string ReinvocationPolicy { get; init; } = "Never";
    public int TimeoutSeconds { get; init; } = 10;
    public bool Monitoring { get; init; }

    /// <summary>The revision config file's text; null renders the embedded default with this revision's name.</summary>
    public string? ConfigYaml { get; init; }

    /// <summary>IstioOperator files (name, text), applied in order; the revision's inputs instead of <see cref="ConfigYaml"/>.</summary>
    public IReadOnlyList<(string Name, string Yaml)> OperatorDocuments { get; init; } = [];

    /// <summary>The injector reads its revision from Istio's own ConfigMaps (<c>serve --from-cluster</c>) instead of files.</summary>
    public bool FromCluster { get; init; }

    /// <summary><c>--set PATH=VALUE</c> on top of the files or the revision config, passed on to <c>serve</c>.</summary>
    public IReadOnlyList<string> Sets { get; init; } = [];

    public string Name => "injector-" + Revision;
    public string TlsSecretName => Name + "-tls";
}
