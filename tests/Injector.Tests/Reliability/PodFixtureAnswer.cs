using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Tests.Admission;
using Injector.Tests.Integration;

namespace Injector.Tests.Reliability;

/// <summary>The pod-create fixture as a request body, and the check that an answer to it is a correct injection.</summary>
internal static class PodFixtureAnswer
{
    public static readonly byte[] Body = AdmissionTestData.PodCreate();
    private static readonly JsonElement Request = JsonDocument.Parse(Body).RootElement.GetProperty("request").Clone();

    /// <summary>
    /// HTTP 200, a v1 AdmissionReview for this request's uid, allowed, with a JSON Patch that applies to the pod and
    /// adds an <c>istio-proxy</c> container. Throws (xunit assertion) otherwise.
    /// </summary>
    public static void AssertInjected(HttpStatusCode status, JsonElement review)
    {
        Assert.Equal(HttpStatusCode.OK, status);
        AdmissionResponseAssert.Envelope(review, "admission.k8s.io/v1", Request.GetProperty("uid").GetString()!);
        var patched = AdmissionResponseAssert.PatchApplies(review, Request.GetProperty("object"));
        Assert.True(HasProxy(patched["spec"]!["containers"]) || HasProxy(patched["spec"]!["initContainers"]), "no istio-proxy container after the patch");
    }

    /// <summary>Posts the fixture on <paramref name="client"/>'s connection pool and checks the answer; true when it said <c>Connection: close</c>.</summary>
    public static async Task<bool> PostAsync(HttpClient client)
    {
        using var response = await AdmissionRequests.SendRawAsync(client, AdmissionRequests.Post("/inject", Body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", "not JSON: " + (int)response.StatusCode + " " + text);
        AssertInjected(response.StatusCode, JsonDocument.Parse(text).RootElement);
        return response.Headers.ConnectionClose == true;
    }

    // Classic sidecars are app containers; native sidecars are init containers.
    private static bool HasProxy(JsonNode? containers) =>
        containers is JsonArray list && list.Any(container => (string?)container?["name"] == "istio-proxy");
}
