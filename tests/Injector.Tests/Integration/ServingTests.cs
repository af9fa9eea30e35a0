using System.Net;
using System.Text.Json;
using Injector.Tests.Admission;

namespace Injector.Tests.Integration;

[Collection(InjectorServerCollection.Name)]
public sealed class ServingTests(InjectorServerFixture fixture)
{
    private InjectorProcess Server => fixture.Server;

    public static TheoryData<string> ApiServerFixtures() => new(AdmissionTestData.ApiServerFixtureNames());

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Apiserver_request_is_answered_over_http1_and_http2(string version)
    {
        using var client = Server.CreateClient(Version.Parse(version));
        var body = AdmissionTestData.PodCreate();
        var (status, review, responseVersion) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject?timeout=10s", body));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Version.Parse(version), responseVersion);
        AssertAnswer(body, review);
    }

    [Theory]
    [MemberData(nameof(ApiServerFixtures))]
    public async Task Every_captured_request_is_answered(string name)
    {
        using var client = Server.CreateClient();
        var body = AdmissionTestData.ApiServerFixture(name);
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject?timeout=10s", body));
        Assert.Equal(HttpStatusCode.OK, status);
        AssertAnswer(body, review);
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Body_sent_in_tiny_chunks_is_answered(string version)
    {
        using var client = Server.CreateClient(Version.Parse(version));
        var body = AdmissionTestData.ApiServerFixture("multi-container.json");
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject", new TrickleContent(body, 3)));
        Assert.Equal(HttpStatusCode.OK, status);
        AssertAnswer(body, review);
    }

    [Fact]
    public async Task Route_revision_that_is_served_answers_and_unknown_one_is_refused()
    {
        using var client = Server.CreateClient();
        var body = AdmissionTestData.PodCreate();
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject/rev/" + InjectorServerFixture.Revision, body));
        Assert.Equal(HttpStatusCode.OK, status);
        AssertAnswer(body, review);

        (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject/rev/not-here", body));
        Assert.Equal(HttpStatusCode.OK, status);
        AdmissionResponseAssert.Refused(review, 404);
    }

    [Fact]
    public async Task Cluster_and_network_route_is_served()
    {
        using var client = Server.CreateClient(HttpVersion.Version20);
        var body = AdmissionTestData.PodCreate();
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject/cluster/cluster-b/net/network-b", body));
        Assert.Equal(HttpStatusCode.OK, status);
        AssertAnswer(body, review);
    }

    [Fact]
    public async Task Health_and_readiness_answer_on_the_monitoring_port_only()
    {
        using var monitoring = Server.CreateMonitoringClient();
        Assert.Equal(HttpStatusCode.OK, (await monitoring.GetAsync("/healthz")).StatusCode);
        var ready = await monitoring.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await ready.Content.ReadAsStringAsync()).Trim());

        using var tls = Server.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await tls.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tls.GetAsync("/metrics")).StatusCode);
        var plain = await monitoring.PostAsync("/inject", new ByteArrayContent(AdmissionTestData.PodCreate()) { Headers = { { "Content-Type", "application/json" } } });
        Assert.Equal(HttpStatusCode.NotFound, plain.StatusCode);
    }

    /// <summary>The answer echoes the request's version and uid; a patch, when there is one, applies to the pod.</summary>
    private static void AssertAnswer(byte[] body, JsonElement review)
    {
        using var request = JsonDocument.Parse(body);
        var root = request.RootElement;
        AdmissionResponseAssert.Envelope(review, root.GetProperty("apiVersion").GetString()!, root.GetProperty("request").GetProperty("uid").GetString()!);
        var response = review.GetProperty("response");
        if (response.TryGetProperty("patch", out _)) AdmissionResponseAssert.PatchApplies(review, root.GetProperty("request").GetProperty("object"));
        else if (response.GetProperty("allowed").GetBoolean()) AdmissionResponseAssert.AllowedWithoutPatch(review);
        else AdmissionResponseAssert.Refused(review, 403);
    }
}
