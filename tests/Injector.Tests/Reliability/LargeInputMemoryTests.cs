using System.Net;
using System.Text.Json.Nodes;
using Injector.Tests.Admission;
using Injector.Tests.Integration;

namespace Injector.Tests.Reliability;

/// <summary>
/// Large pods over the wire at the default 6 MiB body cap: 10,000 annotations (legal, injected), a 5 MiB annotation
/// (over Kubernetes' 256 KiB limit: refused with the API server's message), a label value with every JSON-escaping
/// hazard. Each is answered, and the child's resident memory stays bounded.
/// </summary>
public sealed class LargeInputMemoryTests(Xunit.Abstractions.ITestOutputHelper output)
{
    // Generous: a 5 MiB body is held once as bytes and once as a parsed document, repeated 10 times.
    private const long RssGrowthBoundKb = 300 * 1024;

    [Fact]
    public async Task Large_pods_are_answered_and_memory_stays_bounded()
    {
        await using var server = await InjectorProcess.StartAsync();
        using var client = server.CreateClient();
        var manyAnnotations = AdmissionTestData.Edited(r =>
        {
            var annotations = r["request"]!["object"]!["metadata"]!["annotations"]!.AsObject();
            for (var i = 0; i < 10_000; i++) annotations["example.com/a" + i] = "v" + i;
        });
        var hugeAnnotation = AdmissionTestData.Edited(r =>
            r["request"]!["object"]!["metadata"]!["annotations"]!.AsObject()["example.com/huge"] = new string('a', 5 * 1024 * 1024));
        const string hazards = "\"\\/\b\f\n\r\t\u0000\u001f\u007f\u2028\u2029</script>~0~1\ud83d\ude00";
        var hazardLabel = AdmissionTestData.Edited(r =>
            r["request"]!["object"]!["metadata"]!["labels"]!.AsObject()["example.com/hazard"] = hazards);

        await SendOkAsync(client, hazardLabel);
        var before = ResidentKb(server.Pid);
        for (var round = 0; round < 10; round++)
        {
            await SendOkAsync(client, manyAnnotations);
            await SendAsync(client, hugeAnnotation, allowed: false);
        }
        var after = ResidentKb(server.Pid);
        output.WriteLine("RSS before " + before + " kB, after " + after + " kB");
        Assert.True(after - before < RssGrowthBoundKb, "RSS grew from " + before + " kB to " + after + " kB");
        Assert.False(server.HasExited);
    }

    private static Task SendOkAsync(HttpClient client, byte[] body) => SendAsync(client, body, allowed: true);

    private static async Task SendAsync(HttpClient client, byte[] body, bool allowed)
    {
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject?timeout=30s", body));
        Assert.Equal(HttpStatusCode.OK, status);
        var response = review.GetProperty("response");
        Assert.Equal(allowed, response.GetProperty("allowed").GetBoolean());
        if (!allowed) Assert.Contains("may not be more than 262144 bytes", response.GetProperty("status").GetProperty("message").GetString());
    }

    private static long ResidentKb(int pid)
    {
        var line = File.ReadLines("/proc/" + pid + "/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]);
    }
}
