using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Injector.Tests.Integration;
using Xunit.Abstractions;

namespace Injector.Tests.Reliability;

/// <summary>
/// Rolling out one of two replicas: instances A and B run side by side, callers retrying like kube-apiserver post to
/// A back to back (falling back to B once A refuses connections), and A gets SIGTERM in the middle of it.
/// </summary>
public sealed class SigtermFailoverUnderLoadTests(ITestOutputHelper output)
{
    // The pod's terminationGracePeriodSeconds (Kubernetes' default); --shutdown-timeout must stay below it.
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sigterm_under_load_answers_every_request_and_the_callers_move_to_the_second_instance()
    {
        await using var a = await InjectorProcess.StartAsync("--shutdown-delay", "2s", "--shutdown-timeout", "15s");
        await using var b = await InjectorProcess.StartAsync();
        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentQueue<(int Endpoint, TimeSpan SentAt)>();
        var retries = new ConcurrentDictionary<string, int>();
        ServiceEndpointsClient[] callers =
        [
            new(a, b, HttpVersion.Version11, retries),
            new(a, b, HttpVersion.Version11, retries),
            new(a, b, HttpVersion.Version20, retries),
        ];
        try
        {
            using var load = new BackToBackLoad(() => PostAsync(callers[0]), () => PostAsync(callers[1]), () => PostAsync(callers[2]));
            await load.WaitForEveryWorkerAsync(5, Generous);
            Assert.All(answers, answer => Assert.Equal(0, answer.Endpoint));

            // A request in flight across the SIGTERM: its body trickles in over ~3 s, longer than the 2 s delay.
            using var direct = a.CreateClient();
            var trickled = new TrickleContent(PodFixtureAnswer.Body, PodFixtureAnswer.Body.Length / 30 + 1, TimeSpan.FromMilliseconds(100));
            var inFlight = AdmissionRequests.SendAsync(direct, AdmissionRequests.Post("/inject", trickled));
            await Task.Delay(300);

            var sigterm = clock.Elapsed;
            a.SendSigterm();
            var notReadyAfter = await ReadinessProbe.WaitForNotReadyAsync(a, TimeSpan.FromSeconds(5));

            var (status, review, _) = await inFlight;
            PodFixtureAnswer.AssertInjected(status, review);
            Assert.Equal(0, await a.WaitForExitAsync(GracePeriod));
            var exited = clock.Elapsed;
            await load.WaitUntilAsync(() => answers.Count(x => x.Endpoint == 1 && x.SentAt > exited) >= 20, Generous, "B answered 20 requests sent after A exited");

            var failures = await load.StopAsync();
            var answered = answers.ToArray();
            output.WriteLine("readyz 503 after " + notReadyAfter.TotalMilliseconds.ToString("0") + " ms; A exited 0 after "
                + (exited - sigterm).TotalMilliseconds.ToString("0") + " ms");
            output.WriteLine(answered.Length + " requests answered: A " + answered.Count(x => x.Endpoint == 0 && x.SentAt < sigterm) + " before SIGTERM, "
                + answered.Count(x => x.Endpoint == 0 && x.SentAt >= sigterm) + " sent during the drain; B " + answered.Count(x => x.Endpoint == 1)
                + "; " + failures.Count + " failed");
            output.WriteLine("connections to A per caller: " + string.Join(", ", callers.Select(c => c.ConnectionsTo(0)))
                + "; answers from A with Connection: close: " + callers.Sum(c => c.ClosingAnswers[0]));
            output.WriteLine("retries: " + (retries.IsEmpty ? "none" : string.Join("; ", retries.Select(r => r.Key + " x" + r.Value))));
            if (retries.Keys.Any(key => key.StartsWith('B'))) output.WriteLine("B's log:\n" + b.Output);

            Assert.True(failures.Count == 0, "failed requests: " + string.Join("; ", failures.Take(5)));
            // Retries are allowed where the drain cannot help it (A refusing, or closing a connection it accepted just as
            // its listener closed), never for a request sent on a keep-alive connection: A ends those after an answer.
            Assert.DoesNotContain(retries.Keys, key => key.Contains(ServiceEndpointsClient.ReusedConnection, StringComparison.Ordinal));
            Assert.Contains(answered, x => x.Endpoint == 0 && x.SentAt > sigterm);
            Assert.DoesNotContain(answered, x => x.Endpoint == 0 && x.SentAt > exited);
            Assert.Contains("readiness is now 503", a.Output, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var caller in callers) caller.Dispose();
        }

        // Each answer is filed under the time its request was first sent, so "after A exited" means sent after it.
        async Task PostAsync(ServiceEndpointsClient caller)
        {
            var sent = clock.Elapsed;
            var (endpoint, status, review) = await caller.PostAsync(PodFixtureAnswer.Body);
            PodFixtureAnswer.AssertInjected(status, review);
            answers.Enqueue((endpoint, sent));
        }
    }
}
