using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Injector.Operations;
using Injector.Tests.Fakes;
using Injector.Tests.Manifests;
using Injector.Tests.Operations;
using Injector.Tests.Support;

namespace Injector.Tests.Integration;

/// <summary>
/// <c>injector serve --manage-webhook-ca</c>, the real binary against the fake API server: it creates the shared
/// Secret, writes the caBundle of its revision's webhooks and its tag's, becomes ready, and serves a certificate that
/// chains to it, with no more rights than <c>injector manifest</c> gives it (the fake API server enforces the rendered
/// RBAC and admission policy).
/// </summary>
public sealed class ManagedWebhookCaTests
{
    private const string Configurations = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/";

    [Fact]
    public async Task ServesACertificateThatChainsToTheBundleItPublished()
    {
        await using var api = await FakeKubeApiServer.StartAsync();
        foreach (var document in Injector.Workloads.ManifestYamlReader.ReadDocuments(File.ReadAllText(OperationsTestData.PathOf("webhooks-canary.yaml"))))
        {
            api.Add((JsonObject)document!);
        }
        var access = RenderedAccess.For(new Injector.Install.Manifests.ManifestOptions("asm-1233-2"));
        access.Enforce(api);
        var environment = new Dictionary<string, string> { ["KUBECONFIG"] = api.KubeconfigPath, ["POD_NAMESPACE"] = "istio-system" };
        await using var injector = await InjectorProcess.StartAsync(environment, "--manage-webhook-ca", "--revision", "asm-1233-2");

        Assert.NotNull(api.Get("/api/v1/namespaces/istio-system/secrets/injector-asm-1233-2-tls"));
        var bundlePem = Encoding.UTF8.GetString(Convert.FromBase64String(
            (string)api.Get(Configurations + "injector-asm-1233-2")!["webhooks"]![0]!["clientConfig"]!["caBundle"]!));
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(bundlePem);
        Assert.NotEmpty(bundle);
        Assert.Equal(bundlePem, Encoding.UTF8.GetString(Convert.FromBase64String(
            (string)api.Get(Configurations + "injector-revision-tag-prod")!["webhooks"]![1]!["clientConfig"]!["caBundle"]!)));
        Assert.Empty(access.Refusals);
        Assert.All(api.Requests, r => Assert.True(access.Rbac.Allows(KubeRequestAttributes.From(r.Method, r.PathAndQuery)), r.Line));

        X509Certificate2? served = null;
        using var client = injector.CreateClient(onCertificate: c =>
        {
            served = c is null ? null : new X509Certificate2(c);
            return true;
        });
        using var content = new ByteArrayContent(File.ReadAllBytes(TestPaths.Fixture("apiserver-v1.32-pod-create.json")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync("/inject", content);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);

        Assert.NotNull(served);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(bundle);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(served!), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Contains("injector-asm-1233-2.istio-system.svc", served!.GetNameInfo(X509NameType.DnsName, false) + " " + string.Join(" ",
            served.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames())));
    }
}
