using System.Net;
using System.Text.Json.Nodes;
using Injector.Tests.Admission;
using Injector.Tests.Integration;

namespace Injector.Tests.Reliability;

/// <summary>Logs at Information level never carry pod specs or env values, whatever the outcome of the request.</summary>
public sealed class LogContentTests
{
    private const string Secret = "s3cr3t-Zq8vT1xK-password";

    [Fact]
    public async Task Secret_env_values_and_annotation_values_never_reach_the_log()
    {
        await using var server = await InjectorProcess.StartAsync();
        using var client = server.CreateClient();

        var injected = WithSecret(r => { });
        var denied = WithSecret(r => r["request"]!["object"]!["metadata"]!["annotations"]!.AsObject()["status.sidecar.istio.io/port"] = Secret);
        var refused = WithSecret(r => r["apiVersion"] = "admission.k8s.io/v2");
        var (s1, _, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject", injected));
        var (s2, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject", denied));
        var (s3, _, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject", refused));
        Assert.Equal(HttpStatusCode.OK, s1);
        Assert.Equal(HttpStatusCode.OK, s2);
        Assert.False(review.GetProperty("response").GetProperty("allowed").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, s3);

        // The refusal of the third request is logged at Information level: wait for it so the check sees every line.
        for (var attempt = 0; attempt < 100 && !server.Output.Contains("bad_api_version", StringComparison.Ordinal); attempt++) await Task.Delay(100);
        Assert.Contains("bad_api_version", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("containers", server.Output, StringComparison.Ordinal);
    }

    private static byte[] WithSecret(Action<JsonObject> edit) => AdmissionTestData.Edited(r =>
    {
        var container = r["request"]!["object"]!["spec"]!["containers"]![0]!.AsObject();
        container["env"] = new JsonArray(new JsonObject { ["name"] = "DB_PASSWORD", ["value"] = Secret });
        edit(r);
    });
}
