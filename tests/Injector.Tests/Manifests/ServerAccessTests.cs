using System.Text;
using System.Text.Json.Nodes;
using Injector.Install.Manifests;
using Injector.Kubernetes;
using Injector.Kubernetes.WebhookCa;
using Injector.Operations;
using Injector.Tests.Fakes;
using Injector.Tests.Operations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Injector.Tests.Manifests;

/// <summary>
/// The rendered RBAC against the calls the server really makes: <c>serve --manage-webhook-ca</c>'s CA manager runs
/// through creation, a lost create race, rotation and expiry against the fake API server, which enforces exactly the
/// rendered rules and admission policy. Every call must be granted and every granted verb and name must be used by
/// some call (no right that no call needs).
/// </summary>
public sealed class ServerAccessTests : IAsyncLifetime
{
    private const string Configurations = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/";
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ManifestOptions Install = new("asm-1233-2");
    private readonly WebhookCaOptions _ca = RbacObjects.WebhookCaOptionsFor(Install) with
    {
        Lifetime = TimeSpan.FromDays(10), RenewBefore = TimeSpan.FromDays(3),
    };
    private readonly ManualTimeProvider _clock = new(T0);
    private readonly RenderedAccess _access = RenderedAccess.For(Install);
    private FakeKubeApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubeApiServer.StartAsync();
        foreach (var document in Injector.Workloads.ManifestYamlReader.ReadDocuments(File.ReadAllText(OperationsTestData.PathOf("webhooks-canary.yaml"))))
        {
            _server.Add((JsonObject)document!);
        }
        // Labelled with the revision and calling its Service, but neither its own configuration nor a tag: out of scope.
        _server.Add(AccessTestData.Configuration("stray-asm-1233-2", "asm-1233-2", tag: null, service: "injector-asm-1233-2"));
        _server.Add(AccessTestData.Configuration("cert-manager-webhook", revision: null, tag: null, service: "cert-manager-webhook"));
        _access.Enforce(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private WebhookCaManager NewReplica() =>
        new(KubeClientFactory.CreateApi(_server.KubeconfigPath, null), _ca, _clock, NullLogger<WebhookCaManager>.Instance);

    [Fact]
    public async Task EveryCallOfTheCaManagerIsGrantedAndEveryGrantIsUsed()
    {
        var replicas = new[] { NewReplica(), NewReplica(), NewReplica() };
        async Task ReconcileAll(TimeSpan advance)
        {
            _clock.Advance(advance);
            await Task.WhenAll(replicas.Select(r => r.ReconcileAsync(CancellationToken.None)));
        }
        await ReconcileAll(TimeSpan.Zero);               // create (one wins, the others lose the race), publish
        await ReconcileAll(TimeSpan.FromDays(8));        // stage the next pair and publish it
        await ReconcileAll(TimeSpan.FromMinutes(3));     // promote after the propagation delay
        await ReconcileAll(TimeSpan.FromDays(2.1));      // the previous CA expired: drop it

        Assert.Empty(_access.Refusals);
        Assert.Contains(_server.Requests, r => r.Method == "POST");
        Assert.True(_server.Requests.Count(r => r.Method == "PUT") >= 3, "rotation updates the Secret");
        // No right that no call needs.
        _access.AssertGrantsAreExactlyUsed(_server);

        // It still rotated its own and its tag's caBundle, and wrote nothing else.
        var bundle = CaSecretState.FromSecret(_server.Get("/api/v1/namespaces/istio-system/secrets/injector-asm-1233-2-tls")!)!.BundlePem();
        foreach (var name in new[] { "injector-asm-1233-2", "injector-revision-tag-prod" })
        {
            Assert.All(_server.WebhookConfiguration(name)!["webhooks"]!.AsArray(),
                w => Assert.Equal(bundle, Encoding.UTF8.GetString(Convert.FromBase64String((string)w!["clientConfig"]!["caBundle"]!))));
        }
        var patched = _server.Requests.Where(r => r.Method == "PATCH").Select(r => r.PathAndQuery[Configurations.Length..]).Distinct().Order();
        Assert.Equal(["injector-asm-1233-2", "injector-revision-tag-prod"], patched);
        foreach (var untouched in new[] { "stray-asm-1233-2", "cert-manager-webhook", "injector-1-22", "injector-revision-tag-default" })
        {
            Assert.All(_server.WebhookConfiguration(untouched)!["webhooks"]!.AsArray(), w => Assert.Null(w!["clientConfig"]!["caBundle"]));
        }
    }

    [Fact]
    public void RightsAreTheCaManagersInEveryVariantAndNoneWithCertManager()
    {
        static string Shape(RenderedAccess access) => string.Join("\n", access.Rbac.Rules.Select(r =>
            string.Join(",", r.ApiGroups) + " " + string.Join(",", r.Resources) + " " + string.Join(",", r.Verbs) +
            " names=" + r.ResourceNames.Count + " ns=" + (r.Namespace is null ? "-" : "install")));

        var baseline = Shape(_access);
        Assert.Equal(
            " secrets create names=0 ns=install\n" +
            " secrets get,update names=1 ns=install\n" +
            "admissionregistration.k8s.io mutatingwebhookconfigurations list names=0 ns=-\n" +
            "admissionregistration.k8s.io mutatingwebhookconfigurations patch names=0 ns=-",
            baseline);
        foreach (var variant in new[]
        {
            Install with { Monitoring = true },
            Install with { IsDefault = true, Replicas = 5 },
            new ManifestOptions("canary") { Namespace = "mesh", Monitoring = true },
        })
        {
            var access = RenderedAccess.For(variant);
            Assert.Equal(baseline, Shape(access));
            Assert.NotNull(access.Policy);
            Assert.Equal([variant.Name + "-tls"], access.Rbac.Rules[1].ResourceNames);
            Assert.Equal(variant.Namespace, access.Rbac.Rules[0].Namespace);
        }

        foreach (var variant in new[] { Install with { Certificates = CertificateMode.CertManager }, Install with { Certificates = CertificateMode.CertManager, Monitoring = true } })
        {
            var access = RenderedAccess.For(variant);
            Assert.Empty(access.Rbac.Rules);
            Assert.Null(access.Policy);
            var kinds = access.Documents.Select(d => (string)d["kind"]!).ToList();
            Assert.DoesNotContain(kinds, k => k.Contains("Role") || k.StartsWith("ValidatingAdmissionPolicy"));
            // No API calls at all: the pod does not even get a token.
            Assert.False((bool?)YamlTestReader.Single(access.Documents, "ServiceAccount")["automountServiceAccountToken"]);
        }
        Assert.True((bool?)YamlTestReader.Single(_access.Documents, "ServiceAccount")["automountServiceAccountToken"]);
    }

    /// <summary>
    /// The cluster facts' watches get list and watch on nodes only for a revision whose <c>ENABLE_NATIVE_SIDECARS</c>
    /// is auto (Istio's chart default: IstioOperator inputs, <c>--from-cluster</c>), on namespaces only on OpenShift,
    /// in a ClusterRole; the revision YAML states its mode, so the rendered <c>manifests/</c> get neither (that every
    /// granted right is used: ClusterFactsServeTests).
    /// </summary>
    [Fact]
    public void ClusterFactsRightsOnlyForTheRevisionsThatReadThem()
    {
        static List<string> Facts(ManifestOptions o) => [.. RenderedAccess.For(o).Rbac.Rules
            .Where(r => r.Resources.Contains("nodes") || r.Resources.Contains("namespaces"))
            .Select(r => string.Join(",", r.Resources) + " " + string.Join(",", r.Verbs) + " ns=" + (r.Namespace ?? "-") + " names=" + r.ResourceNames.Count)];

        Assert.Empty(Facts(Install));
        Assert.Empty(Facts(new ManifestOptions("default")));
        var chartDefaults = new ManifestOptions("canary") { OperatorDocuments = [("iop.yaml", "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec: {}\n")] };
        Assert.Equal(["nodes list,watch ns=- names=0"], Facts(chartDefaults));
        Assert.Equal(["nodes list,watch ns=- names=0"], Facts(Install with { FromCluster = true, Certificates = CertificateMode.CertManager }));
        Assert.Equal(["namespaces list,watch ns=- names=0"], Facts(Install with { Sets = ["values.global.platform=openshift"] }));
        Assert.Equal(["nodes list,watch ns=- names=0", "namespaces list,watch ns=- names=0"],
            Facts(chartDefaults with { Sets = ["values.global.platform=openshift"] }));
        // Rights from the cluster facts alone still give the pod its token.
        var onlyFacts = RenderedAccess.For(chartDefaults with { Certificates = CertificateMode.CertManager });
        Assert.True((bool?)YamlTestReader.Single(onlyFacts.Documents, "ServiceAccount")["automountServiceAccountToken"]);
        Assert.False(onlyFacts.Rbac.CanI("get", "", "nodes", null, "n1"));
        Assert.False(onlyFacts.Rbac.CanI("list", "", "pods", null, null));
    }

    /// <summary>
    /// What <c>kubectl auth can-i --as system:serviceaccount:istio-system:injector-asm-1233-2</c> answers from the
    /// rendered RBAC alone. Patch is the one right RBAC cannot narrow (tags are named later, RBAC cannot match labels):
    /// it answers yes for any configuration, and the admission policy refuses the write (AdmissionPolicyTests).
    /// </summary>
    [Fact]
    public void AuthCanIAnswersFromTheRenderedRbac()
    {
        const string group = "admissionregistration.k8s.io", mwc = "mutatingwebhookconfigurations";
        var rbac = _access.Rbac;
        Assert.True(rbac.CanI("list", group, mwc, null, null));
        Assert.True(rbac.CanI("patch", group, mwc, null, "cert-manager-webhook"));
        foreach (var verb in new[] { "get", "watch", "create", "update", "delete", "deletecollection" })
        {
            Assert.False(rbac.CanI(verb, group, mwc, null, "cert-manager-webhook"), verb);
            Assert.False(rbac.CanI(verb, group, mwc, null, "injector-asm-1233-2"), verb);
        }
        Assert.False(rbac.CanI("patch", group, "validatingwebhookconfigurations", null, "x"));
        Assert.True(rbac.CanI("get", "", "secrets", "istio-system", "injector-asm-1233-2-tls"));
        Assert.True(rbac.CanI("update", "", "secrets", "istio-system", "injector-asm-1233-2-tls"));
        Assert.False(rbac.CanI("get", "", "secrets", "istio-system", "cacerts"));
        Assert.False(rbac.CanI("update", "", "secrets", "istio-system", "injector-default-tls"));
        Assert.False(rbac.CanI("list", "", "secrets", "istio-system", null));
        Assert.False(rbac.CanI("watch", "", "secrets", "istio-system", "injector-asm-1233-2-tls"));
        Assert.False(rbac.CanI("delete", "", "secrets", "istio-system", "injector-asm-1233-2-tls"));
        Assert.False(rbac.CanI("create", "", "secrets", "default", null));
        Assert.False(rbac.CanI("get", "", "configmaps", "istio-system", "injector-asm-1233-2"));
        Assert.False(rbac.CanI("list", "", "nodes", null, null));
    }
}
