using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using System.Text;
using Injector.Http;
using Injector.Revisions;
using Injector.Telemetry;
using Injector.Tests.Admission;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Injector.Tests.Http;

/// <summary>The endpoint on an in-memory HttpContext: the paths a real socket cannot reach on demand.</summary>
public sealed class InjectEndpointTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, string Tags)> _measurements = [];

    public InjectEndpointTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == InjectorMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var text = string.Join(",", tags.ToArray().Select(t => t.Key + "=" + t.Value));
            lock (_measurements) _measurements.Add((instrument.Name, value, text));
        });
        _listener.Start();
    }

    [Fact]
    public async Task An_exception_is_answered_500_with_one_line_and_counted()
    {
        var context = NewContext(new ThrowingPipeReader());
        await NewEndpoint().HandleAsync(context);

        Assert.Equal(500, context.Response.StatusCode);
        var text = ResponseText(context);
        Assert.Equal(1, text.Count(c => c == '\n'));
        Assert.DoesNotContain("boom", text);
        Assert.Contains(_measurements, m => m.Instrument == "sidecar_injection_failure" && m.Tags.Contains("reason=internal_error"));
        Assert.Contains(_measurements, m => m.Instrument == "sidecar_injection_requests");
    }

    [Fact]
    public async Task Body_written_in_one_byte_pieces_is_answered()
    {
        var pipe = new Pipe();
        var context = NewContext(pipe.Reader);
        var handling = NewEndpoint().HandleAsync(context);
        foreach (var b in AdmissionTestData.PodCreate())
        {
            await pipe.Writer.WriteAsync(new[] { b });
        }
        await pipe.Writer.CompleteAsync();
        await handling;

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("application/json", context.Response.ContentType);
        Assert.Contains("b72d548a-dd69-4669-b6d3-84e7487f22e1", ResponseText(context));
    }

    [Fact]
    public async Task Before_the_revision_table_loads_the_answer_is_503()
    {
        var context = NewContext(PipeReader.Create(new MemoryStream(AdmissionTestData.PodCreate())));
        await new InjectEndpoint(new RevisionStore(), Metrics(), new InjectOptions(), NullLogger<InjectEndpoint>.Instance).HandleAsync(context);
        Assert.Equal(503, context.Response.StatusCode);
    }

    [Fact]
    public async Task A_deadline_spent_before_the_work_is_done_is_a_503_deadline_exceeded_never_a_success()
    {
        // ?timeout=1us leaves no time at all: the whole body is already buffered, so the engine's first check stops it.
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(AdmissionTestData.PodCreate());
        await pipe.Writer.CompleteAsync();
        var context = NewContext(pipe.Reader);
        context.Request.QueryString = new QueryString("?timeout=1us");
        await NewEndpoint().HandleAsync(context);

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Contains("time budget", ResponseText(context));
        Assert.Contains(_measurements, m => m.Instrument == "sidecar_injection_failure" && m.Tags.Contains("reason=deadline_exceeded"));
        Assert.DoesNotContain(_measurements, m => m.Instrument == "sidecar_injection_success");
    }

    [Fact]
    public async Task A_caller_gone_by_the_time_the_answer_is_ready_is_counted_as_client_aborted_not_success()
    {
        var context = NewContext(PipeReader.Create(new MemoryStream(AdmissionTestData.PodCreate())));
        using var gone = new CancellationTokenSource();
        gone.Cancel();
        context.RequestAborted = gone.Token;
        await NewEndpoint().HandleAsync(context);

        Assert.Contains(_measurements, m => m.Instrument == "sidecar_injection_failure" && m.Tags.Contains("reason=client_aborted"));
        Assert.DoesNotContain(_measurements, m => m.Instrument == "sidecar_injection_success");
        Assert.Equal(0, ((MemoryStream)context.Response.Body).Length);
    }

    [Theory]
    [InlineData("?timeout=10000h")]
    [InlineData("?timeout=2562047h")]
    [InlineData("?timeout=30s")]
    public async Task A_timeout_longer_than_the_api_server_allows_is_capped_not_an_error(string query)
    {
        // ?timeout=10000h was an ArgumentOutOfRangeException from CancellationTokenSource (a 500).
        var pipe = new Pipe();
        var context = NewContext(pipe.Reader);
        context.Request.QueryString = new QueryString(query);
        var handling = NewEndpoint().HandleAsync(context);
        await pipe.Writer.WriteAsync(AdmissionTestData.PodCreate()); // arrives after the read began: the deadline's timer is made
        await pipe.Writer.CompleteAsync();
        await handling;
        Assert.Equal(200, context.Response.StatusCode);
    }

    [Fact]
    public async Task Large_bodies_over_the_shared_budget_get_503_overloaded_while_small_ones_still_fit()
    {
        // The budget: 20 MiB, of which 16 MiB are kept for bodies up to 1 MiB; a large body may use only 4 MiB of it.
        var endpoint = new InjectEndpoint(new RevisionStore(AdmissionTestData.Table()), Metrics(),
            new InjectOptions { MaxBufferedBodyBytes = 20L * 1024 * 1024 }, NullLogger<InjectEndpoint>.Instance);
        var holding = new Pipe();
        var heldContext = NewContext(holding.Reader);
        var held = endpoint.HandleAsync(heldContext);
        await holding.Writer.WriteAsync(new byte[3 * 1024 * 1024]); // a large body, not finished

        var second = new Pipe();
        var secondContext = NewContext(second.Reader);
        var refused = endpoint.HandleAsync(secondContext);
        await second.Writer.WriteAsync(new byte[3 * 1024 * 1024]);
        await refused.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(503, secondContext.Response.StatusCode);
        Assert.Contains(_measurements, m => m.Instrument == "sidecar_injection_failure" && m.Tags.Contains("reason=overloaded"));

        var ordinary = NewContext(PipeReader.Create(new MemoryStream(AdmissionTestData.PodCreate())));
        await endpoint.HandleAsync(ordinary);
        Assert.Equal(200, ordinary.Response.StatusCode);

        await holding.Writer.CompleteAsync();
        await held;
        Assert.Equal(400, heldContext.Response.StatusCode); // 3 MiB of NULs: not JSON

        // Its bytes were given back: another large body fits again.
        var again = NewContext(PipeReader.Create(new MemoryStream(new byte[3 * 1024 * 1024])));
        await endpoint.HandleAsync(again);
        Assert.Equal(400, again.Response.StatusCode);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private InjectorMetrics Metrics() => new(_services.GetRequiredService<IMeterFactory>());

    private InjectEndpoint NewEndpoint() =>
        new(new RevisionStore(AdmissionTestData.Table()), Metrics(), new InjectOptions(), NullLogger<InjectEndpoint>.Instance);

    private static DefaultHttpContext NewContext(PipeReader body)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";
        context.Request.Method = "POST";
        context.Request.Path = "/inject";
        context.Request.ContentType = "application/json";
        context.Features.Set<IRequestBodyPipeFeature>(new BodyPipe(body));
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string ResponseText(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    private sealed class BodyPipe(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader => reader;
    }

    /// <summary>Stands in for a bug below the endpoint: any exception that is not about the client going away.</summary>
    private sealed class ThrowingPipeReader : PipeReader
    {
        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException("boom");
        public override bool TryRead(out ReadResult result) => throw new InvalidOperationException("boom");
        public override void AdvanceTo(SequencePosition consumed) { }
        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) { }
        public override void CancelPendingRead() { }
        public override void Complete(Exception? exception = null) { }
    }
}
