using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Admission;
using Injector.Revisions;
using Injector.Tests.Support;

namespace Injector.Tests.Admission;

/// <summary>Real kube-apiserver bodies, edited copies of them, and a helper that runs the handler and parses its answer.</summary>
internal static class AdmissionTestData
{
    public static IEnumerable<string> ApiServerFixtureNames() =>
        Directory.GetFiles(TestPaths.FixtureDirectory, "*.json").Select(Path.GetFileName).Order()!;

    public static byte[] ApiServerFixture(string name) => File.ReadAllBytes(TestPaths.Fixture(name));

    public static byte[] PodCreate() => File.ReadAllBytes(TestPaths.Fixture("apiserver-v1.32-pod-create.json"));

    /// <summary>The pod-create fixture with one edit applied to its parsed form.</summary>
    public static byte[] Edited(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(PodCreate())!.AsObject();
        edit(root);
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    public static RevisionTable Table() => RevisionLoader.Load(null, null);

    public static (AdmissionResult Result, JsonElement Response) Run(byte[] body, AdmissionRoute route = default) =>
        Run(new ReadOnlySequence<byte>(body), route);

    public static (AdmissionResult Result, JsonElement Response) Run(ReadOnlySequence<byte> body, AdmissionRoute route = default)
    {
        using var output = new PooledBufferWriter();
        var result = AdmissionHandler.Handle(body, in route, Table(), output);
        var json = JsonDocument.Parse(output.WrittenMemory).RootElement.Clone();
        return (result, json);
    }

    /// <summary>A sequence of many small segments, to exercise the multi-segment reader path.</summary>
    public static ReadOnlySequence<byte> Chunked(byte[] bytes, int chunkSize)
    {
        Segment? first = null, last = null;
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            var memory = bytes.AsMemory(offset, Math.Min(chunkSize, bytes.Length - offset));
            var segment = new Segment(memory, last?.RunningIndex + last?.Memory.Length ?? 0);
            if (last is null) first = segment; else last.SetNext(segment);
            last = segment;
        }
        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void SetNext(Segment next) => Next = next;
    }
}
