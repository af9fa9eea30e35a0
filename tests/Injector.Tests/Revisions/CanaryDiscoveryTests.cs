using System.Text.Json.Nodes;
using Injector.Revisions;

namespace Injector.Tests.Revisions;

/// <summary>
/// A canary revision's proxies must reach the canary's istiod: pilot-agent reads its discovery address from
/// <c>PROXY_CONFIG</c> (default <c>istiod.istio-system.svc:15012</c>), so a revision other than <c>default</c> has to put
/// <c>istiod-REV.istio-system.svc:15012</c> there, as Istio's chart writes it into that revision's mesh config.
/// Checked for every kind of revision source, through the webhook's entry point.
/// </summary>
public sealed class CanaryDiscoveryTests : IDisposable
{
    private const string Canary = "asm-1233-2";
    private const string CanaryAddress = "istiod-asm-1233-2.istio-system.svc:15012";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Sources() => ["embedded default renamed", "revision file", "--set revision", "operator file"];

    [Theory]
    [MemberData(nameof(Sources))]
    public void ACanaryRevisionsProxiesAreToldTheirOwnIstiod(string source)
    {
        var table = RevisionLoader.Load(Source(source));
        Assert.Equal(Canary, table.Default.Name);

        var proxyConfig = ProxyConfigOf(Inject(table, Pod()));
        Assert.Equal(CanaryAddress, (string?)proxyConfig["discoveryAddress"]);

        // The pod's own proxy.istio.io/config merges over the revision's, and keeps its discovery address.
        var annotated = Pod(("proxy.istio.io/config", "concurrency: 3"));
        proxyConfig = ProxyConfigOf(Inject(table, annotated));
        Assert.Equal(CanaryAddress, (string?)proxyConfig["discoveryAddress"]);
        Assert.Equal(3, (int?)proxyConfig["concurrency"]);
    }

    [Fact]
    public void TheDefaultRevisionsProxyConfigStaysEmpty()
    {
        // Istio's default: the address equals pilot-agent's default, so the cleaned ProxyConfig is {}.
        var proxyConfig = ProxyConfigOf(Inject(RevisionLoader.Load(RevisionSource.Embedded), Pod()));
        Assert.Empty(proxyConfig);
    }

    private RevisionSource Source(string kind) => kind switch
    {
        "embedded default renamed" => new RevisionSource { Revision = Canary },
        "revision file" => new RevisionSource { ConfigPath = _dir.Write("canary.yaml", "revision: " + Canary + "\n") },
        "--set revision" => new RevisionSource { Sets = ["revision=" + Canary] },
        "operator file" => new RevisionSource
        {
            OperatorFiles = [_dir.Write("canary-iop.yaml", "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  revision: " + Canary + "\n")],
        },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static JsonObject Pod(params (string Key, string Value)[] annotations)
    {
        var metadata = new JsonObject { ["name"] = "web-1", ["namespace"] = "shop", ["labels"] = new JsonObject { ["app"] = "web" } };
        if (annotations.Length > 0)
        {
            var map = new JsonObject();
            foreach (var (key, value) in annotations) map[key] = value;
            metadata["annotations"] = map;
        }
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = "web:1" }),
            },
        };
    }

    private static JsonNode Inject(RevisionTable table, JsonObject pod)
    {
        var (injected, denial) = ExplicitCasesCliTests.Send(table, pod, "shop");
        Assert.True(denial is null, denial);
        return injected!;
    }

    private static JsonObject ProxyConfigOf(JsonNode pod)
    {
        foreach (var list in new[] { "initContainers", "containers" })
        {
            if (pod["spec"]?[list] is not JsonArray containers) continue;
            foreach (var container in containers)
            {
                if ((string?)container?["name"] != "istio-proxy") continue;
                foreach (var env in (JsonArray)container!["env"]!)
                {
                    if ((string?)env?["name"] == "PROXY_CONFIG") return (JsonObject)JsonNode.Parse((string)env!["value"]!)!;
                }
            }
        }
        throw new Xunit.Sdk.XunitException("no istio-proxy with PROXY_CONFIG in " + pod.ToJsonString());
    }
}
