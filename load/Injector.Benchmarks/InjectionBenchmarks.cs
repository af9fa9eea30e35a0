using System.Buffers;
using BenchmarkDotNet.Attributes;
using Injector.Admission;

namespace Injector.Benchmarks;

/// <summary>
/// One request, in process, bytes in to response bytes out: the injector's compiled-template path against the naive
/// DOM-and-diff baseline, over pods that grow in env vars and in containers.
/// </summary>
[MemoryDiagnoser]
public class InjectionBenchmarks
{
    private readonly ArrayBufferWriter<byte> _response = new(64 * 1024);
    private TemplatePath _templates = null!;
    private NaivePath _naive = null!;
    private byte[] _body = [];

    [Params("fixture", "env-1000", "env-2000", "env-4000", "containers-100")]
    public string Pod { get; set; } = "fixture";

    [GlobalSetup]
    public void Setup()
    {
        _body = Corpus.Read(Pod);
        _templates = new TemplatePath();
        _naive = new NaivePath();
        // Say what is being measured: a skip is far cheaper than an injection, and the numbers mean little then.
        _templates.Handle(_body, Reset());
        var templateBytes = _response.WrittenCount;
        _naive.Handle(_body, Reset());
        var (pod, injected) = _naive.LastDocuments;
        if (!PatchCheck.Turns(pod, _naive.LastPatch, injected))
        {
            throw new InvalidOperationException($"naive baseline: its patch for {Pod} does not produce the injected pod");
        }
        Console.WriteLine($"// {Pod}: {_body.Length} bytes in; injector outcome {Describe(_templates)}, {templateBytes} bytes out; " +
            $"naive patch {_naive.LastPatch.Length} bytes, {_response.WrittenCount} bytes out");
        if (_templates.LastOutcome != AdmissionOutcome.Injected)
        {
            Console.WriteLine($"// WARNING: the injector did not inject {Pod} ({Describe(_templates)}); its numbers are not an injection's");
        }
    }

    [Benchmark(Description = "injector (compiled templates)")]
    public int Templates()
    {
        _templates.Handle(_body, Reset());
        return _response.WrittenCount;
    }

    [Benchmark(Baseline = true, Description = "naive (DOM + diff)")]
    public int NaiveDomDiff()
    {
        _naive.Handle(_body, Reset());
        return _response.WrittenCount;
    }

    private static string Describe(TemplatePath path) =>
        path.LastReason.Length == 0 ? path.LastOutcome.ToString() : path.LastOutcome + " (" + path.LastReason + ")";

    private ArrayBufferWriter<byte> Reset()
    {
        _response.ResetWrittenCount();
        return _response;
    }
}
