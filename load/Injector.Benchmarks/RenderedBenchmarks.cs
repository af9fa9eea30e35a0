using System.Buffers;
using BenchmarkDotNet.Attributes;
using Injector.Admission;
using Injector.Revisions;

namespace Injector.Benchmarks;

/// <summary>
/// One request, in process, bytes in to response bytes out, for the same review on both engines of the embedded
/// default: the compiled path, and the rendered path (Istio's algorithm over the stock <c>sidecar</c> template: Go
/// template, YAML, strategic merge, typed round trips, diff) that serves every pod the compiled path does not cover.
/// </summary>
[MemoryDiagnoser]
public class RenderedBenchmarks
{
    private readonly ArrayBufferWriter<byte> _response = new(64 * 1024);
    private RevisionTable _compiled = null!;
    private RevisionTable _rendered = null!;
    private byte[] _body = [];

    [Params("fixture", "ten-containers-probes")]
    public string Pod { get; set; } = "fixture";

    [GlobalSetup]
    public void Setup()
    {
        _body = Corpus.Read(Pod);
        _compiled = RevisionLoader.Load(null, null);
        _rendered = new RevisionTable(_compiled.Default.Name, _compiled.Revisions.Values.Select(r => r.WithCompiled(null)));
        var compiled = Handle(_compiled);
        var compiledBytes = _response.WrittenSpan.ToArray();
        var rendered = Handle(_rendered);
        // Both must inject, on the path named, with the same answer: otherwise the two numbers are not comparable.
        if (compiled.Outcome != AdmissionOutcome.Injected || compiled.Path != AdmissionPaths.Compiled
            || rendered.Outcome != AdmissionOutcome.Injected || rendered.Path != AdmissionPaths.Rendered)
        {
            throw new InvalidOperationException($"{Pod}: compiled {compiled.Outcome}/{compiled.Path}, rendered {rendered.Outcome}/{rendered.Path}; both must inject on their own path");
        }
        // The two patches differ as bytes (operation order, the path in the status) and give the same pod: that is the
        // differential test's job (tests/Injector.Tests, Differential/DifferentialTests), not this benchmark's.
        Console.WriteLine($"// rendered-{Pod}: {_body.Length} bytes in; compiled answer {compiledBytes.Length} bytes, rendered {_response.WrittenCount} bytes");
    }

    [Benchmark(Baseline = true, Description = "compiled path")]
    public int Compiled() => Handle(_compiled).StatusCode;

    [Benchmark(Description = "rendered path (stock sidecar template)")]
    public int Rendered() => Handle(_rendered).StatusCode;

    private AdmissionResult Handle(RevisionTable table)
    {
        _response.ResetWrittenCount();
        return AdmissionHandler.Handle(new ReadOnlySequence<byte>(_body), default, table, _response);
    }
}
