using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Admission;
using Injector.Tests.Support;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;
using Xunit.Abstractions;

namespace Injector.Tests.Fuzz;

/// <summary>
/// The answers of a fixed corpus, byte for byte, against digests recorded before issue 12's limits went in: every
/// seed review on both revision tables, then mutated reviews built from the mutator's original values
/// (<see cref="ReviewMutator.DigestCorpus"/>); for each, the answer and, when it carries a patch, the answer to the
/// patched pod sent again (re-injection). A limit that changed a normal answer (a denial where there was an
/// injection, one byte of a patch) shows here by its input's id.
/// </summary>
/// <remarks>
/// CI checks <see cref="CiInputs"/> mutated reviews. The before/after proof (docs/reliability.md) ran 12,000:
/// <c>INJECTOR_DIGEST_INPUTS=12000 INJECTOR_DIGEST_OUT=/tmp/digests.txt</c>, the same file written on the commit
/// before and compared with <c>diff</c>. When an answer changes on purpose, write the file with
/// <c>INJECTOR_DIGEST_INPUTS=1000 INJECTOR_DIGEST_OUT=tests/testdata/answer-digests/compiled-engine.txt</c> and
/// review the lines that changed.
/// </remarks>
public sealed class AnswerDigestTests(ITestOutputHelper output)
{
    private const int CiInputs = 1_000;

    private static readonly string Recorded = Path.Combine(TestPaths.TestData, "answer-digests", "compiled-engine.txt");

    [Fact]
    public void Answers_to_the_digest_corpus_are_the_recorded_bytes()
    {
        var inputs = int.TryParse(Environment.GetEnvironmentVariable("INJECTOR_DIGEST_INPUTS"), out var n) && n > 0 ? n : CiInputs;
        var lines = Digests(inputs, out var answers, out var all);
        output.WriteLine(lines.Count + " inputs, " + answers + " answers, SHA-256 of all answers " + all);
        if (Environment.GetEnvironmentVariable("INJECTOR_DIGEST_OUT") is { Length: > 0 } path) File.WriteAllLines(path, lines);

        var recorded = File.ReadAllLines(Recorded);
        Assert.True(recorded.Length >= FuzzSeeds.Reviews.Count * FuzzSeeds.Tables.Count + Math.Min(inputs, CiInputs),
            "the recorded digests cover fewer inputs than CI checks: " + recorded.Length);
        var changed = new List<string>();
        for (var i = 0; i < Math.Min(lines.Count, recorded.Length); i++)
        {
            if (lines[i] != recorded[i]) changed.Add("recorded: " + recorded[i] + "\n     now: " + lines[i]);
        }
        Assert.True(changed.Count == 0, changed.Count + " answers differ from the recorded ones:\n" + string.Join("\n", changed.Take(10)));
    }

    /// <summary>One line per input: id, status, reason, the answer's digest and the re-injection answer's (or why there is none).</summary>
    private static List<string> Digests(int inputs, out int answers, out string all)
    {
        var lines = new List<string>();
        using var everything = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var count = 0;
        for (var seed = 0; seed < FuzzSeeds.Reviews.Count; seed++)
        {
            for (var table = 0; table < FuzzSeeds.Tables.Count; table++)
            {
                lines.Add(Line("seed" + seed + "/" + table, (JsonObject)FuzzSeeds.Reviews[seed].DeepClone(), table, everything, ref count));
            }
        }
        for (var i = 0; i < inputs; i++)
        {
            var review = ReviewMutator.DigestCorpus.Mutate(FuzzSeeds.Reviews[i % FuzzSeeds.Reviews.Count], new Random(i * 7919 + 1), i % 13);
            lines.Add(Line("fixed" + i, review, i % FuzzSeeds.Tables.Count, everything, ref count));
        }
        answers = count;
        all = Convert.ToHexString(everything.GetHashAndReset());
        return lines;
    }

    private static string Line(string id, JsonObject review, int table, IncrementalHash everything, ref int count)
    {
        var (result, output) = Answer(review, table);
        everything.AppendData(output.WrittenSpan);
        count++;
        var again = "";
        if (JsonNode.Parse(output.WrittenSpan)!["response"]?["patch"] is { } patch)
        {
            // Applied in place: the review becomes the second request. A patch that does not apply fails the test
            // (the fuzz properties require every patch to apply).
            var operations = JsonSerializer.Deserialize<JsonPatchDocument>(Convert.FromBase64String(patch.GetValue<string>()))!;
            operations.ApplyTo(review["request"]!["object"]!);
            var (_, second) = Answer(review, table);
            everything.AppendData(second.WrittenSpan);
            count++;
            again = Short(second.WrittenSpan);
        }
        return id + " " + result.StatusCode + " " + result.Reason + " " + Short(output.WrittenSpan) + " " + again;
    }

    private static (AdmissionResult Result, ArrayBufferWriter<byte> Output) Answer(JsonObject review, int table)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(body)) review.WriteTo(writer);
        var output = new ArrayBufferWriter<byte>();
        var route = new AdmissionRoute();
        var result = AdmissionHandler.Handle(new ReadOnlySequence<byte>(body.WrittenMemory), in route, FuzzSeeds.Tables[table], output);
        return (result, output);
    }

    private static string Short(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes))[..16];
}
