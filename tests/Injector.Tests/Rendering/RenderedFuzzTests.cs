using System.Text.Json.Nodes;
using Injector.Rendering;
using Injector.Tests.Fuzz;
using Injector.Tests.Parity;
using Xunit.Abstractions;

namespace Injector.Tests.Rendering;

/// <summary>The admission fuzzer's mutated pods (original and hostile values in every override annotation and field)
/// on the rendered path: never an exception, denials on one line, and every patch applies to the pod as sent.</summary>
public sealed class RenderedFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void MutatedPodsNeverThrowAndPatchesApply()
    {
        var injector = RenderedParityTests.Injector;
        int injected = 0, denied = 0, skipped = 0;
        var reasons = new Dictionary<string, int>();
        const int Iterations = 400;
        for (var i = 0; i < Iterations; i++)
        {
            var review = ReviewMutator.Fuzzing.Mutate(FuzzSeeds.Reviews[i % FuzzSeeds.Reviews.Count], new Random(i * 7919 + 1), i % 13);
            if (review["request"] is not JsonObject request || request["object"] is not JsonObject pod) continue;
            var ns = request["namespace"] is JsonValue nv && nv.GetValueKind() == System.Text.Json.JsonValueKind.String ? nv.GetValue<string>() : "default";
            RenderOutcome outcome;
            try
            {
                outcome = injector.Inject((JsonObject)pod.DeepClone(), ns, RenderMode.Webhook);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException("input " + i + ": " + e);
            }
            switch (outcome)
            {
                case RenderOutcome.Injected result:
                    injected++;
                    try
                    {
                        PatchApplier.Apply(pod, result.JsonPatch);
                    }
                    catch (Exception e)
                    {
                        throw new Xunit.Sdk.XunitException("input " + i + ": the patch does not apply: " + e.Message);
                    }
                    break;
                case RenderOutcome.Denied d:
                    denied++;
                    var reason = d.Message.Length > 90 ? d.Message[..90] : d.Message;
                    reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                    Assert.DoesNotContain('\n', d.Message);
                    break;
                default:
                    skipped++;
                    break;
            }
        }
        output.WriteLine($"{Iterations} mutated pods: {injected} injected, {denied} denied, {skipped} skipped");
        foreach (var (reason, count) in reasons.OrderByDescending(r => r.Value).Take(15)) output.WriteLine($"  {count} × {reason}");
        Assert.True(injected > 0);
    }
}
