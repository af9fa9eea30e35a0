using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Tests.Admission;

namespace Injector.Tests.Integration;

/// <summary>
/// A revision's <c>forbiddenAnnotations</c> end to end: a real config file, the real binary, pods over TLS.
/// </summary>
public sealed class ForbiddenAnnotationsTests : IAsyncLifetime
{
    private const string Revision = "locked";
    private const string Forbidden = "sidecar.istio.io/proxyImage";
    private const string RevisionImage = "registry.example.com/istio/proxyv2:1.28.1";
    private readonly string _dir = Directory.CreateTempSubdirectory("injector-forbidden-").FullName;
    private InjectorProcess _server = null!;

    public async Task InitializeAsync()
    {
        var config = Path.Combine(_dir, "locked.yaml");
        await File.WriteAllTextAsync(config,
            "revision: " + Revision + "\nimage: " + RevisionImage + "\nforbiddenAnnotations: [" + Forbidden + "]\n");
        _server = await InjectorProcess.StartAsync("--config", config, "--revision", Revision);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Forbidden_annotation_is_denied_others_are_injected()
    {
        using var client = _server.CreateClient();
        using var monitoring = _server.CreateMonitoringClient();
        var deniedBefore = await DeniedAsync(monitoring);

        // 1. The forbidden override: refused with the documented message, nothing injected.
        var (status, review) = await PostAsync(client, Pod((Forbidden, "attacker.example.com/proxy:evil")));
        Assert.Equal(HttpStatusCode.OK, status);
        AdmissionResponseAssert.Refused(review, 403);
        Assert.Equal("annotation \"" + Forbidden + "\" is forbidden by revision \"" + Revision + "\"",
            review.GetProperty("response").GetProperty("status").GetProperty("message").GetString());
        Assert.Equal(deniedBefore + 1, await DeniedAsync(monitoring, atLeast: deniedBefore + 1));

        // 2. No override: injected with the revision's own image.
        var plain = Pod();
        (status, review) = await PostAsync(client, plain);
        Assert.Equal(HttpStatusCode.OK, status);
        var injected = AdmissionResponseAssert.PatchApplies(review, PodOf(plain));
        Assert.Equal(RevisionImage, Proxy(injected)["image"]!.GetValue<string>());

        // 3. An override the revision allows: injected, and the override is applied.
        var sized = Pod(("sidecar.istio.io/proxyCPU", "250m"), ("sidecar.istio.io/proxyMemory", "96Mi"));
        (status, review) = await PostAsync(client, sized);
        Assert.Equal(HttpStatusCode.OK, status);
        injected = AdmissionResponseAssert.PatchApplies(review, PodOf(sized));
        var requests = Proxy(injected)["resources"]!["requests"]!;
        Assert.Equal("250m", requests["cpu"]!.GetValue<string>());
        Assert.Equal("96Mi", requests["memory"]!.GetValue<string>());
        Assert.Null(Proxy(injected)["resources"]!["limits"]); // exactly the annotations, not merged with the revision's
        Assert.Equal(RevisionImage, Proxy(injected)["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task Forbidden_annotation_is_denied_on_every_inject_route_and_http_version()
    {
        using var client = _server.CreateClient(HttpVersion.Version20);
        foreach (var path in (string[])["/inject/rev/" + Revision, "/inject/cluster/c1/net/n1"])
        {
            var (status, review) = await PostAsync(client, Pod((Forbidden, "x")), path);
            Assert.Equal(HttpStatusCode.OK, status);
            AdmissionResponseAssert.Refused(review, 403);
            Assert.Contains("forbidden by revision \"" + Revision + "\"", review.GetProperty("response").GetProperty("status").GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task Pod_that_opts_out_is_left_alone_even_with_the_forbidden_annotation()
    {
        // docs/annotations.md: pods that are not injected are never validated.
        using var client = _server.CreateClient();
        var (status, review) = await PostAsync(client, Pod(("sidecar.istio.io/inject", "false"), (Forbidden, "x")));
        Assert.Equal(HttpStatusCode.OK, status);
        AdmissionResponseAssert.AllowedWithoutPatch(review);
    }

    /// <summary>
    /// The denial counter. The endpoint counts a request after writing its answer, so a scrape right after the
    /// answer arrives can precede the count by a moment: wait (up to 5 s) for <paramref name="atLeast"/>.
    /// </summary>
    private static async Task<double> DeniedAsync(HttpClient monitoring, double atLeast = 0)
    {
        for (var attempt = 0; ; attempt++)
        {
            var denied = NetworkProbe.CounterSum(await monitoring.GetStringAsync("/metrics"),
                "sidecar_injection_failure_total", "reason=\"denied\"", "revision=\"" + Revision + "\"");
            if (denied >= atLeast || attempt == 50) return denied;
            await Task.Delay(100);
        }
    }

    /// <summary>The kube-apiserver pod CREATE fixture with extra annotations.</summary>
    private static byte[] Pod(params (string Key, string Value)[] annotations) => AdmissionTestData.Edited(review =>
    {
        var metadata = review["request"]!["object"]!["metadata"]!.AsObject();
        var existing = metadata["annotations"]!.AsObject();
        foreach (var (key, value) in annotations) existing[key] = value;
    });

    private static JsonElement PodOf(byte[] body) => JsonDocument.Parse(body).RootElement.GetProperty("request").GetProperty("object").Clone();

    private static JsonNode Proxy(JsonObject pod)
    {
        // Classic sidecar in containers, or native sidecar in initContainers, depending on the revision's defaults.
        foreach (var list in (string[])["containers", "initContainers"])
        {
            if (pod["spec"]![list] is JsonArray containers && containers.FirstOrDefault(c => (string?)c!["name"] == "istio-proxy") is { } proxy) return proxy;
        }
        throw new Xunit.Sdk.XunitException("no istio-proxy in " + pod["spec"]!.ToJsonString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Review)> PostAsync(HttpClient client, byte[] body, string path = "/inject?timeout=10s")
    {
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post(path, body));
        return (status, review);
    }
}
