namespace Injector.Kubernetes.WebhookCa;

/// <summary>Settings for <c>serve --manage-webhook-ca</c>: whose certificate, where it lives, and when it rotates.</summary>
internal sealed record WebhookCaOptions
{
    /// <summary>The revision served; names the Secret <c>injector-R-tls</c> and selects webhook configs labelled <c>istio.io/rev=R</c>.</summary>
    public required string Revision { get; init; }

    /// <summary>The install namespace: where the Secret and the Service live.</summary>
    public required string Namespace { get; init; }

    /// <summary>The webhook Service; only webhook entries pointing at it get their caBundle managed. Default <c>injector-R</c>.</summary>
    public string? ServiceName { get; init; }

    /// <summary>Validity of each CA and serving certificate pair.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromDays(365);

    /// <summary>A new pair is staged when the current one has less than this left.</summary>
    public TimeSpan RenewBefore { get; init; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How long the bundle must have held the new CA before the new serving certificate is used, so every
    /// kube-apiserver has seen the updated webhook configuration.
    /// </summary>
    public TimeSpan PropagationDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often each replica re-reads the Secret and re-checks the bundles.</summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromMinutes(1);

    public string SecretName => "injector-" + Revision + "-tls";

    public string EffectiveServiceName => ServiceName ?? "injector-" + Revision;

    /// <summary>The revision's own MutatingWebhookConfiguration (<c>injector manifest</c> names it like the Service).</summary>
    public string ConfigurationName => "injector-" + Revision;

    /// <summary>The names kube-apiserver may use to reach the Service.</summary>
    public IReadOnlyList<string> DnsNames =>
    [
        EffectiveServiceName,
        EffectiveServiceName + "." + Namespace,
        EffectiveServiceName + "." + Namespace + ".svc",
        EffectiveServiceName + "." + Namespace + ".svc.cluster.local",
    ];
}
