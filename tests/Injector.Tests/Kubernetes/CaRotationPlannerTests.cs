using Injector.Kubernetes.WebhookCa;

namespace Injector.Tests.Kubernetes;

public sealed class CaRotationPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly WebhookCaOptions Options = new()
    {
        Revision = "r", Namespace = "istio-system",
        Lifetime = TimeSpan.FromDays(10), RenewBefore = TimeSpan.FromDays(3), PropagationDelay = TimeSpan.FromMinutes(2),
    };

    private static readonly CaGeneration First = WebhookCertificateFactory.Create(Options, T0);

    [Fact]
    public void NoSecretMeansCreate() => Assert.Equal(CaStep.Create, CaRotationPlanner.Decide(null, true, T0, Options));

    [Fact]
    public void StaleBundleIsPublishedBeforeAnythingElse()
    {
        var staged = new CaSecretState(First, First, null, null);
        Assert.Equal(CaStep.PublishBundle, CaRotationPlanner.Decide(staged, false, T0, Options));
    }

    [Fact]
    public void FullRotationWalksTheSafeOrder()
    {
        var state = new CaSecretState(First, null, null, null);
        Assert.Equal(CaStep.Steady, CaRotationPlanner.Decide(state, true, T0 + TimeSpan.FromDays(6), Options));

        var renewAt = T0 + TimeSpan.FromDays(8);
        Assert.Equal(CaStep.StageNext, CaRotationPlanner.Decide(state, true, renewAt, Options));
        var second = WebhookCertificateFactory.Create(Options, renewAt);
        state = state.StageNext(second);
        Assert.Contains(First.CaCertificatePem.Trim(), state.BundlePem());
        Assert.Contains(second.CaCertificatePem.Trim(), state.BundlePem());

        // The bundle must be confirmed, then the delay must pass, before the new pair is served.
        Assert.Equal(CaStep.PublishBundle, CaRotationPlanner.Decide(state, false, renewAt, Options));
        Assert.Equal(CaStep.MarkNextPublished, CaRotationPlanner.Decide(state, true, renewAt, Options));
        state = state.MarkNextPublished(renewAt);
        Assert.Equal(CaStep.Steady, CaRotationPlanner.Decide(state, true, renewAt + TimeSpan.FromMinutes(1), Options));
        Assert.Equal(CaStep.Promote, CaRotationPlanner.Decide(state, true, renewAt + TimeSpan.FromMinutes(2), Options));

        var bundleBefore = state.BundlePem();
        state = state.Promote();
        Assert.Same(second, state.Current);
        Assert.Equal(bundleBefore, state.BundlePem()); // same CAs, same order: no needless patch, replicas agree

        Assert.Equal(CaStep.Steady, CaRotationPlanner.Decide(state, true, T0 + TimeSpan.FromDays(9), Options));
        Assert.Equal(CaStep.DropPrevious, CaRotationPlanner.Decide(state, true, T0 + TimeSpan.FromDays(10.01), Options));
        state = state.DropPrevious();
        Assert.Equal(second.CaCertificatePem.Trim() + "\n", state.BundlePem());
    }

    [Fact]
    public void SecretRoundTripsThroughItsData()
    {
        var state = new CaSecretState(First, First, T0, "previous-pem");
        var secret = new System.Text.Json.Nodes.JsonObject { ["data"] = state.ToSecretData() };

        var read = CaSecretState.FromSecret(secret)!;

        Assert.Equal(state.Current, read.Current);
        Assert.Equal(state.Next, read.Next);
        Assert.Equal(T0, read.NextPublishedAt);
        Assert.Equal("previous-pem", read.PreviousCaPem);
        Assert.Null(CaSecretState.FromSecret(new System.Text.Json.Nodes.JsonObject { ["data"] = new System.Text.Json.Nodes.JsonObject { ["ca.crt"] = "!!" } }));
    }

    [Fact]
    public void ServingCertificateNamesTheServiceAndChainsToItsCa()
    {
        using var leaf = First.LoadServingCertificate();
        using var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(First.CaCertificatePem);

        Assert.True(leaf.HasPrivateKey);
        Assert.True(leaf.MatchesHostname("injector-r.istio-system.svc"));
        Assert.Equal(ca.Subject, leaf.Issuer);
        Assert.True(CaChains.Verify(leaf, First.CaCertificatePem, T0));
        Assert.False(CaChains.Verify(leaf, WebhookCertificateFactory.Create(Options, T0).CaCertificatePem, T0));
    }
}
