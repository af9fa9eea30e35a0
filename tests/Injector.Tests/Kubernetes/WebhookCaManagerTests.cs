using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Injector.Kubernetes;
using Injector.Kubernetes.WebhookCa;
using Injector.Operations;
using Injector.Tests.Fakes;
using Injector.Tests.Operations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Injector.Tests.Kubernetes;

/// <summary>The CA manager against the fake API server: Secret create-if-absent, caBundle patches, rotation order, real TLS.</summary>
public sealed class WebhookCaManagerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const string SecretPath = "/api/v1/namespaces/istio-system/secrets/injector-asm-1233-2-tls";
    private const string Configurations = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/";

    private readonly WebhookCaOptions _options = new()
    {
        Revision = "asm-1233-2", Namespace = "istio-system",
        Lifetime = TimeSpan.FromDays(10), RenewBefore = TimeSpan.FromDays(3), PropagationDelay = TimeSpan.FromMinutes(2),
    };

    private FakeKubeApiServer _server = null!;
    private readonly ManualTimeProvider _clock = new(T0);

    public async Task InitializeAsync()
    {
        _server = await FakeKubeApiServer.StartAsync();
        foreach (var document in Injector.Workloads.ManifestYamlReader.ReadDocuments(File.ReadAllText(OperationsTestData.PathOf("webhooks-canary.yaml"))))
        {
            _server.Add((JsonObject)document!);
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private WebhookCaManager NewReplica() =>
        new(KubeClientFactory.CreateApi(_server.KubeconfigPath, null), _options, _clock, NullLogger<WebhookCaManager>.Instance);

    private string BundleOf(string configuration, int webhook = 0) =>
        Encoding.UTF8.GetString(Convert.FromBase64String((string)_server.Get(Configurations + configuration)!["webhooks"]![webhook]!["clientConfig"]!["caBundle"]!));

    [Fact]
    public async Task FirstReconcileCreatesTheSecretAndPatchesOwnBundlesOnly()
    {
        var manager = NewReplica();
        await manager.ReconcileAsync(CancellationToken.None);

        var state = CaSecretState.FromSecret(_server.Get(SecretPath)!)!;
        Assert.Equal("asm-1233-2", (string?)_server.Get(SecretPath)!["metadata"]!["labels"]!["istio.io/rev"]);
        Assert.Equal(state.Current.ServingCertificatePem, manager.CurrentCertificate!.ExportCertificatePem());
        foreach (var configuration in new[] { "injector-asm-1233-2", "injector-revision-tag-prod" })
        {
            Assert.Equal(state.BundlePem(), BundleOf(configuration, 0));
            Assert.Equal(state.BundlePem(), BundleOf(configuration, 1));
        }
        Assert.Null(_server.Get(Configurations + "injector-1-22")!["webhooks"]![0]!["clientConfig"]!["caBundle"]);
        Assert.Null(_server.Get(Configurations + "injector-revision-tag-default")!["webhooks"]![0]!["clientConfig"]!["caBundle"]);
        Assert.All(_server.Writes.Where(w => w.PathAndQuery.StartsWith(Configurations)),
            w => Assert.Equal(KubeApi.JsonPatch, w.ContentType?.Split(';')[0]));

        // A second reconcile with nothing to do writes nothing.
        var writes = _server.Writes.Count;
        await NewReplica().ReconcileAsync(CancellationToken.None);
        Assert.Equal(writes, _server.Writes.Count);
    }

    [Fact]
    public async Task ReplicaThatLosesTheCreateRaceServesTheWinnersCertificate()
    {
        var winner = new CaSecretState(WebhookCertificateFactory.Create(_options, T0), null, null, null);
        _server.BeforeCreate = path =>
        {
            if (path != SecretPath || _server.Get(path) is not null) return;
            _server.Add(new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Secret",
                ["metadata"] = new JsonObject { ["name"] = "injector-asm-1233-2-tls", ["namespace"] = "istio-system" },
                ["data"] = winner.ToSecretData(),
            });
        };

        var loser = NewReplica();
        await loser.ReconcileAsync(CancellationToken.None);

        Assert.Contains(_server.Requests, r => r.Method == "POST" && r.PathAndQuery.EndsWith("/secrets"));
        Assert.Equal(winner.Current.ServingCertificatePem, loser.CurrentCertificate!.ExportCertificatePem());
        Assert.Equal(winner.BundlePem(), BundleOf("injector-asm-1233-2"));
    }

    [Fact]
    public async Task ReplicasStartingTogetherAgreeOnOneCertificate()
    {
        var replicas = Enumerable.Range(0, 4).Select(_ => NewReplica()).ToArray();

        await Task.WhenAll(replicas.Select(r => r.ReconcileAsync(CancellationToken.None)));

        Assert.Single(replicas.Select(r => r.CurrentCertificate!.Thumbprint).Distinct());
        var state = CaSecretState.FromSecret(_server.Get(SecretPath)!)!;
        Assert.Equal(state.Current.ServingCertificatePem, replicas[0].CurrentCertificate!.ExportCertificatePem());
        Assert.Equal(state.BundlePem(), BundleOf("injector-asm-1233-2"));
    }

    [Fact]
    public async Task RotationPublishesTheNewCaBeforeServingTheNewCertificate()
    {
        var published = new List<string>();
        var a = new WebhookCaManager(KubeClientFactory.CreateApi(_server.KubeconfigPath, null), _options, _clock, NullLogger<WebhookCaManager>.Instance)
        {
            OnServingCertificate = c => published.Add(c.Thumbprint),
        };
        var b = NewReplica();
        var served = new List<(DateTimeOffset At, string Leaf, string Bundle)>();
        async Task Tick(TimeSpan advance)
        {
            _clock.Advance(advance);
            await a.ReconcileAsync(CancellationToken.None);
            await b.ReconcileAsync(CancellationToken.None);
            Assert.Equal(a.CurrentCertificate!.Thumbprint, b.CurrentCertificate!.Thumbprint);
            served.Add((_clock.Now, a.CurrentCertificate.ExportCertificatePem(), BundleOf("injector-asm-1233-2")));
        }

        await Tick(TimeSpan.Zero);                 // create
        await Tick(TimeSpan.FromDays(8));          // inside RenewBefore: stage + publish, keep serving the old pair
        await Tick(TimeSpan.FromMinutes(1));       // propagation delay not over
        await Tick(TimeSpan.FromMinutes(1));       // promote
        await Tick(TimeSpan.FromDays(2.1));        // old CA expired: dropped from the bundle

        var leaves = served.Select(s => s.Leaf).Distinct().ToList();
        Assert.Equal(2, leaves.Count);
        Assert.Equal(2, published.Count); // once per new certificate, not per reconcile
        Assert.Equal([leaves[0], leaves[0], leaves[0], leaves[1], leaves[1]], served.Select(s => s.Leaf));
        Assert.Equal(1, CountCertificates(served[0].Bundle));
        Assert.Equal(2, CountCertificates(served[1].Bundle));
        Assert.Equal(2, CountCertificates(served[3].Bundle));
        Assert.Equal(1, CountCertificates(served[4].Bundle));
        foreach (var (at, leaf, bundle) in served)
        {
            using var certificate = X509Certificate2.CreateFromPem(leaf);
            Assert.True(CaChains.Verify(certificate, bundle, at), "served certificate does not chain to the published bundle at " + at);
        }

        // In the API server's own write order: the bundle holding the new CA was patched before the Secret switched leaves.
        using var newLeaf = X509Certificate2.CreateFromPem(leaves[1]);
        var writes = _server.Writes.ToList();
        var bundlePatch = writes.FindIndex(w => w.PathAndQuery.StartsWith(Configurations) && PatchedBundleTrusts(w.Body, newLeaf, served[1].At));
        var promotion = writes.FindIndex(w => w.Method == "PUT" && ServedLeaf(w.Body) == leaves[1]);
        Assert.True(bundlePatch >= 0 && promotion > bundlePatch, $"bundle patch at {bundlePatch}, promotion at {promotion}");
    }

    [Fact]
    public async Task ServedCertificatePassesARealTlsHandshakeAgainstThePublishedBundle()
    {
        var manager = NewReplica();
        _clock.Now = DateTimeOffset.UtcNow; // the TLS stack checks validity against the real clock
        await manager.ReconcileAsync(CancellationToken.None);
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(BundleOf("injector-asm-1233-2"));

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serverTask = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync();
            await using var tls = new SslStream(socket.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateSelectionCallback = (_, _) => manager.CurrentCertificate! });
            await tls.WriteAsync("ok"u8.ToArray());
        });
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        await using var clientTls = new SslStream(client.GetStream());
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(bundle);
        await clientTls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "injector-asm-1233-2.istio-system.svc",
            CertificateChainPolicy = policy,
        });
        var buffer = new byte[2];
        await clientTls.ReadExactlyAsync(buffer);
        await serverTask;

        Assert.Equal("ok", Encoding.ASCII.GetString(buffer));
    }

    private static int CountCertificates(string pem) => pem.Split("-----BEGIN CERTIFICATE-----").Length - 1;

    private static bool PatchedBundleTrusts(string body, X509Certificate2 leaf, DateTimeOffset at)
    {
        foreach (var op in JsonNode.Parse(body)!.AsArray())
        {
            if ((string?)op!["path"] is { } path && path.EndsWith("/caBundle")
                && CaChains.Verify(leaf, Encoding.UTF8.GetString(Convert.FromBase64String((string)op["value"]!)), at)) return true;
        }
        return false;
    }

    private static string? ServedLeaf(string secretBody) =>
        JsonNode.Parse(secretBody)!["data"]?["tls.crt"] is { } crt ? Encoding.UTF8.GetString(Convert.FromBase64String((string)crt!)) : null;
}
