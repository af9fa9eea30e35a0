using System.Net;
using System.Text;
using Injector.Tests.Admission;

namespace Injector.Tests.Integration;

[Collection(InjectorServerCollection.Name)]
public sealed class BadRequestTests(InjectorServerFixture fixture)
{
    private InjectorProcess Server => fixture.Server;

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Invalid_json_gets_400_admission_review(string version)
    {
        using var client = Server.CreateClient(Version.Parse(version));
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject", Encoding.UTF8.GetBytes("{\"kind\":")));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AdmissionResponseAssert.Refused(review, 400);
    }

    [Fact]
    public async Task Null_object_gets_400_with_uid()
    {
        using var client = Server.CreateClient();
        var body = AdmissionTestData.Edited(r => r["request"]!["object"] = null);
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject", body));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AdmissionResponseAssert.Envelope(review, "admission.k8s.io/v1", "b72d548a-dd69-4669-b6d3-84e7487f22e1");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/yaml")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Wrong_content_type_gets_415(string contentType)
    {
        using var client = Server.CreateClient();
        var response = await AdmissionRequests.SendRawAsync(client, AdmissionRequests.Post("/inject", AdmissionTestData.PodCreate(), contentType));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Missing_content_type_gets_415()
    {
        using var client = Server.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/inject") { Content = new ByteArrayContent(AdmissionTestData.PodCreate()) };
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await AdmissionRequests.SendRawAsync(client, request)).StatusCode);
    }

    [Fact]
    public async Task Content_length_over_the_cap_gets_413_before_any_body_is_sent()
    {
        var (status, text) = await RawHttp.SendAsync(Server.Port,
            "POST /inject HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + (InjectorServerFixture.MaxBodyBytes + 1) + "\r\n\r\n");
        Assert.Equal(413, status);
        Assert.Contains("--max-body-bytes", text);
    }

    [Fact]
    public async Task Http2_body_over_the_cap_with_content_length_gets_413()
    {
        using var client = Server.CreateClient(HttpVersion.Version20);
        var response = await AdmissionRequests.SendRawAsync(client, AdmissionRequests.Post("/inject", new byte[InjectorServerFixture.MaxBodyBytes + 1]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("--max-body-bytes", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Chunked_body_over_the_cap_gets_413()
    {
        using var client = Server.CreateClient(HttpVersion.Version20);
        var body = new byte[InjectorServerFixture.MaxBodyBytes * 2];
        var response = await AdmissionRequests.SendRawAsync(client, AdmissionRequests.Post("/inject", new TrickleContent(body, 16_384)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Other_methods_get_405(string method)
    {
        using var client = Server.CreateClient();
        var response = await AdmissionRequests.SendRawAsync(client, new HttpRequestMessage(new HttpMethod(method), "/inject"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [InlineData("/injectx")]
    [InlineData("/other")]
    public async Task Unknown_routes_get_404(string path)
    {
        using var client = Server.CreateClient();
        var response = await AdmissionRequests.SendRawAsync(client, AdmissionRequests.Post(path, AdmissionTestData.PodCreate()));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    // Istio's parseInjectEnvs: any path key is a proxy env (upper-cased), a last key without a value is ignored.
    [Theory]
    [InlineData("/inject/zone/z1", "{\"name\":\"ZONE\",\"value\":\"z1\"}")]
    [InlineData("/inject/:ENV:zone=z2:ENV:bare", "{\"name\":\"ZONE\",\"value\":\"z2\"}")]
    [InlineData("/inject/cluster", "\"istio-proxy\"")]
    public async Task Path_envs_reach_the_proxy(string path, string expected)
    {
        using var client = Server.CreateClient();
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post(path, AdmissionTestData.PodCreate()));
        Assert.Equal(HttpStatusCode.OK, status);
        var patch = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(review.GetProperty("response").GetProperty("patch").GetString()!));
        Assert.Contains(expected, patch);
    }

    [Theory]
    [InlineData("/inject?timeout=ten")]
    [InlineData("/inject?dryRun=All&timeout=ten")]
    [InlineData("/inject?TIMEOUT=ten")]
    [InlineData("/inject?timeout")]
    [InlineData("/inject?timeout=")]
    [InlineData("/inject?timeout=%74en")]
    [InlineData("/inject?timeout=ten&timeout=10s")]
    [InlineData("/inject?label=a+b&timeout=ten")]
    public async Task Malformed_timeout_gets_400(string target)
    {
        using var client = Server.CreateClient();
        var response = await AdmissionRequests.SendRawAsync(client, AdmissionRequests.Post(target, AdmissionTestData.PodCreate()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("timeout", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/inject?a=b&timeout=10s")]
    [InlineData("/inject?timeout=%31%30s")]
    [InlineData("/inject?timeout=10s&timeout=ten")]
    [InlineData("/inject?timeouts=ten")]
    [InlineData("/inject?label=a+b&timeout=10s")]
    [InlineData("/inject?")]
    public async Task Valid_or_absent_timeout_is_answered(string target)
    {
        using var client = Server.CreateClient();
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post(target, AdmissionTestData.PodCreate()));
        Assert.Equal(HttpStatusCode.OK, status);
        AdmissionResponseAssert.Envelope(review, "admission.k8s.io/v1", "b72d548a-dd69-4669-b6d3-84e7487f22e1");
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Body_arriving_in_pieces_within_the_timeout_is_answered(string version)
    {
        // The body is not all in the pipe when the request starts, so the endpoint waits under the deadline.
        using var client = Server.CreateClient(Version.Parse(version));
        var slow = new TrickleContent(AdmissionTestData.PodCreate(), 1024, TimeSpan.FromMilliseconds(20));
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject?timeout=10s", slow));
        Assert.Equal(HttpStatusCode.OK, status);
        AdmissionResponseAssert.Envelope(review, "admission.k8s.io/v1", "b72d548a-dd69-4669-b6d3-84e7487f22e1");
    }

    [Fact]
    public async Task Http1_body_stalled_past_the_timeout_gets_408()
    {
        var (status, text) = await RawHttp.SendAsync(Server.Port,
            "POST /inject?timeout=1s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"kind\":");
        Assert.Equal(408, status);
        Assert.Contains("timeout", text);
    }

    [Fact]
    public async Task Body_slower_than_the_timeout_gets_408_before_the_apiserver_gives_up()
    {
        using var client = Server.CreateClient(HttpVersion.Version20);
        var slow = new TrickleContent(AdmissionTestData.PodCreate(), 64, TimeSpan.FromMilliseconds(100));
        var response = await AdmissionRequests.SendRawAsync(client, AdmissionRequests.Post("/inject?timeout=1s", slow));
        Assert.Equal(HttpStatusCode.RequestTimeout, response.StatusCode);
        Assert.Contains("timeout", await response.Content.ReadAsStringAsync());
    }
}
