using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Admission;
using Injector.Injection;
using Injector.Revisions;
using Injector.Telemetry;
using Injector.Tests.Fuzz;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Injector.Tests.Differential;

/// <summary><c>serve --verify-fraction</c>: sampled compiled answers reach the verifier, which renders, compares, counts
/// and logs.</summary>
[Collection("InjectorMeter")]
public sealed class VerifyFractionTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<string> _recorded = [];

    public VerifyFractionTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == InjectorMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) =>
        {
            if (i.Name.StartsWith("sidecar_injection_verified", StringComparison.Ordinal) || i.Name.StartsWith("sidecar_injection_divergence", StringComparison.Ordinal))
            {
                lock (_recorded) _recorded.Add(i.Name + " " + string.Join(",", tags.ToArray().Select(t => t.Key + "=" + t.Value)) + " " + v);
            }
        });
        _listener.Start();
    }

    private sealed class Collecting : ICompiledPathVerifier
    {
        public List<CompiledAnswer> Answers { get; } = [];
        public bool ShouldVerify() => true;
        public void Submit(CompiledAnswer answer) => Answers.Add(answer);
    }

    private sealed class CapturingLogger<T> : ILogger<T>
    {
        public List<(EventId Id, string Message)> Events { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Events.Add((eventId, formatter(state, exception)));
    }

    private static CompiledAnswer Answer(AdmissionRoute route)
    {
        var review = FuzzSeeds.Wrap(JsonNode.Parse(AdmissionTestPod)!, "shop", "uid-1");
        var table = RevisionLoader.Load(null, "canary");
        var collecting = new Collecting();
        var result = AdmissionHandler.Handle(new ReadOnlySequence<byte>(JsonSerializer.SerializeToUtf8Bytes(review)), in route, table,
            new ArrayBufferWriter<byte>(), global::Injector.Limits.WorkBudget.Unlimited, collecting);
        Assert.Equal(AdmissionPaths.Compiled, result.Path);
        return Assert.Single(collecting.Answers);
    }

    private const string AdmissionTestPod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"shop","labels":{"app":"web"}},
         "spec":{"containers":[{"name":"web","image":"example.com/web:1","ports":[{"containerPort":8080}],
           "readinessProbe":{"httpGet":{"path":"/ready","port":8080}}}],
           "volumes":[{"name":"kube-api-access-x","projected":{"sources":[]}}]}}
        """;

    [Fact]
    public void A_sampled_compiled_answer_is_handed_over_and_agrees_with_the_renderer()
    {
        var answer = Answer(new AdmissionRoute("canary"));
        Assert.Equal("web-1", answer.PodName);
        Assert.Equal(InjectionOutcome.Injected, answer.Outcome);
        Assert.NotEmpty(answer.Patch);
        Assert.Null(CompiledPathCheck.FirstDifference(answer.Pod, answer.Namespace, answer.Revision, answer.Outcome, answer.Patch));
    }

    [Fact]
    public void Route_overrides_are_not_sampled()
    {
        var review = FuzzSeeds.Wrap(JsonNode.Parse(AdmissionTestPod)!, "shop", "uid-1");
        var collecting = new Collecting();
        AdmissionHandler.Handle(new ReadOnlySequence<byte>(JsonSerializer.SerializeToUtf8Bytes(review)), new AdmissionRoute(null, "c2", "n2"),
            RevisionLoader.Load(null, null), new ArrayBufferWriter<byte>(), global::Injector.Limits.WorkBudget.Unlimited, collecting);
        Assert.Empty(collecting.Answers);
    }

    [Fact]
    public void A_divergent_answer_is_counted_by_revision_and_logged_with_the_pod_and_path()
    {
        var answer = Answer(new AdmissionRoute("canary"));
        // The compiled answer as it was before the canary's PROXY_CONFIG was fixed.
        var tampered = Encoding.UTF8.GetString(answer.Patch).Replace("istiod-canary.istio-system.svc:15012", "istiod.istio-system.svc:15012", StringComparison.Ordinal);
        Assert.NotEqual(Encoding.UTF8.GetString(answer.Patch), tampered);
        var logger = new CapturingLogger<CompiledPathVerifier>();
        var verifier = new CompiledPathVerifier(1, new InjectorMetrics(_services.GetRequiredService<IMeterFactory>()), logger);

        Assert.Null(verifier.Check(answer));
        var difference = verifier.Check(answer with { Patch = Encoding.UTF8.GetBytes(tampered) });

        Assert.StartsWith("$.spec.", difference);
        Assert.Contains("env", difference);
        Assert.Equal(["sidecar_injection_verified revision=canary 1", "sidecar_injection_verified revision=canary 1", "sidecar_injection_divergence revision=canary 1"], _recorded);
        var logged = Assert.Single(logger.Events);
        Assert.Equal(LogEventIds.CompiledPathDivergence, logged.Id.Id);
        Assert.Contains("web-1", logged.Message);
        Assert.Contains(difference!, logged.Message);
        // A skip where the renderer injects is a divergence too.
        Assert.StartsWith("$: compiled skipped, rendered injected", verifier.Check(answer with { Outcome = InjectionOutcome.Skipped, Patch = [] }));
    }

    [Fact]
    public void Only_the_first_divergences_are_logged()
    {
        var answer = Answer(new AdmissionRoute("canary"));
        var logger = new CapturingLogger<CompiledPathVerifier>();
        var verifier = new CompiledPathVerifier(1, new InjectorMetrics(_services.GetRequiredService<IMeterFactory>()), logger);
        for (var i = 0; i < CompiledPathVerifier.MaxLogged + 5; i++) verifier.Check(answer with { Outcome = InjectionOutcome.Skipped, Patch = [] });
        Assert.Equal(CompiledPathVerifier.MaxLogged, logger.Events.Count);
        Assert.Equal(CompiledPathVerifier.MaxLogged + 5, _recorded.Count(r => r.StartsWith("sidecar_injection_divergence", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_fraction_decides_the_sample()
    {
        var metrics = new InjectorMetrics(_services.GetRequiredService<IMeterFactory>());
        Assert.False(new CompiledPathVerifier(0, metrics, new CapturingLogger<CompiledPathVerifier>()).ShouldVerify());
        Assert.True(new CompiledPathVerifier(1, metrics, new CapturingLogger<CompiledPathVerifier>()).ShouldVerify());
        var half = new CompiledPathVerifier(0.5, metrics, new CapturingLogger<CompiledPathVerifier>());
        var yes = Enumerable.Range(0, 2000).Count(_ => half.ShouldVerify());
        Assert.InRange(yes, 800, 1200);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CompiledPathVerifier(1.5, metrics, new CapturingLogger<CompiledPathVerifier>()));
    }

    [Fact]
    public void Submitted_answers_are_checked_off_the_request_thread()
    {
        var answer = Answer(new AdmissionRoute("canary"));
        var verifier = new CompiledPathVerifier(1, new InjectorMetrics(_services.GetRequiredService<IMeterFactory>()), new CapturingLogger<CompiledPathVerifier>());
        verifier.Submit(answer with { Outcome = InjectionOutcome.Skipped, Patch = [] });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            lock (_recorded) if (_recorded.Any(r => r.StartsWith("sidecar_injection_divergence", StringComparison.Ordinal))) return;
            Thread.Sleep(20);
        }
        Assert.Fail("the submitted check never ran");
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}
