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
