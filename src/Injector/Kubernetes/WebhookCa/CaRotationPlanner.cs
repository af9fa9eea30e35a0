namespace Injector.Kubernetes.WebhookCa;

/// <summary>The next step of the CA lifecycle; each is one write to the Secret or the webhook configurations.</summary>
internal enum CaStep
{
    /// <summary>No usable Secret: create the first pair (create-if-absent).</summary>
    Create,
    /// <summary>The webhook configurations' caBundle differs from the Secret's bundle: patch them.</summary>
    PublishBundle,
    /// <summary>The bundle now holds the staged CA: record when, to start the propagation delay.</summary>
    MarkNextPublished,
    /// <summary>The bundle has held the staged CA long enough: serve the staged pair, keep the old CA as previous.</summary>
    Promote,
    /// <summary>The previous CA has expired: stop trusting it.</summary>
    DropPrevious,
    /// <summary>The current pair nears expiry: stage a new one (added to the bundle before it is served).</summary>
    StageNext,
    /// <summary>Nothing to do until time passes.</summary>
    Steady,
}

/// <summary>
/// Decides the next CA step. The order is the safety argument: a new CA reaches the bundle (PublishBundle) before its
/// certificate can be served (Promote, after MarkNextPublished + PropagationDelay), and an old CA leaves the bundle
/// only once it has expired, so at every moment the certificate any replica serves chains to a CA in the bundle.
/// </summary>
internal static class CaRotationPlanner
{
    public static CaStep Decide(CaSecretState? state, bool bundlesUpToDate, DateTimeOffset now, WebhookCaOptions options)
    {
        if (state is null) return CaStep.Create;
        if (!bundlesUpToDate) return CaStep.PublishBundle;
        if (state.Next is not null)
        {
            if (state.NextPublishedAt is not { } publishedAt) return CaStep.MarkNextPublished;
            return now - publishedAt >= options.PropagationDelay ? CaStep.Promote : CaStep.Steady;
        }
        if (state.PreviousCaPem is not null && now >= PreviousExpiry(state.PreviousCaPem)) return CaStep.DropPrevious;
        if (now >= state.Current.NotAfter - options.RenewBefore) return CaStep.StageNext;
        return CaStep.Steady;
    }

    private static DateTimeOffset PreviousExpiry(string pem)
    {
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem);
        return new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
    }
}
