using Injector.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Injection;
using static Injector.Tests.Injection.InjectionHarness;

namespace Injector.Tests.Injection;

/// <summary>
/// The per-pod store of indexed annotations keeps only the keys present: every present key must read back its own
/// value whatever order the keys are set in, absent keys stay absent, and a repeated key keeps its last value (as a
/// lookup in the JSON object would).
/// </summary>
public sealed class AnnotationSlotsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void EveryKeySetInAnyOrderReadsBackItsOwnValue(int seed)
    {
        var ids = Enumerable.Range(0, AnnotationIndex.KeyCount).ToArray();
        new Random(seed).Shuffle(ids);
        using var doc = JsonTree.Parse("[" + string.Join(",", ids.Order().Select(i => "\"v" + i + "\"")) + "]");
        var values = doc.Root.EnumerateArray().ToArray();
        var slots = new AnnotationSlots(indexed: true);
        var set = new HashSet<int>();
        foreach (var id in ids.Take(20))
        {
            slots.Set(id, values[id]);
            set.Add(id);
            foreach (var probe in ids)
            {
                Assert.Equal(set.Contains(probe), slots.Has(probe));
                if (set.Contains(probe)) Assert.Equal("v" + probe, slots.Get(probe).GetString());
                else Assert.Equal(JsonValueKind.Undefined, slots.Get(probe).ValueKind);
            }
        }
    }

    [Fact]
    public void RepeatedKeyKeepsTheLastValue()
    {
        using var doc = JsonTree.Parse("[\"first\",\"second\",\"other\"]");
        var values = doc.Root.EnumerateArray().ToArray();
        var slots = new AnnotationSlots(indexed: true);
        slots.Set(5, values[0]);
        slots.Set(2, values[2]);
        slots.Set(5, values[1]);
        Assert.Equal("second", slots.Get(5).GetString());
        Assert.Equal("other", slots.Get(2).GetString());
        Assert.Equal((1UL << 5) | (1UL << 2), slots.Present);
    }

    [Fact]
    public void DuplicateAnnotationInPodUsesTheLastOne()
    {
        var metadata = "\"name\":\"app\",\"annotations\":{\"sidecar.istio.io/proxyImage\":\"example.com/proxy:first\","
            + "\"prometheus.io/scrape\":\"true\",\"sidecar.istio.io/proxyImage\":\"example.com/proxy:last\"}";
        // JsonNode refuses duplicate keys, so the patch is read directly instead of applied.
        using var doc = JsonTree.Parse(Pod(metadata));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.Equal(InjectionOutcome.Injected, SidecarInjector.Inject(doc.Root, new InjectionParameters("default"), Revision(), buffer).Outcome);
        var proxy = FindProxy(JsonNode.Parse(buffer.WrittenSpan));
        Assert.NotNull(proxy);
        Assert.Equal("example.com/proxy:last", (string?)proxy["image"]);
    }

    [Fact]
    public void EveryIndexedKeyHasAPresenceBit() => Assert.InRange(AnnotationIndex.KeyCount, 1, 64);

    [Fact]
    public void MaskOfRefusesAKeyThatIsNotIndexed()
    {
        Assert.Throws<InvalidOperationException>(() => AnnotationIndex.MaskOf(["example.com/not-indexed"]));
        Assert.Equal(0, AnnotationIndex.IdOf(InjectionDecision.InjectKey));
        // A key equal in text but not the same string instance is still found.
        Assert.Equal(0, AnnotationIndex.IdOf(new string(InjectionDecision.InjectKey.AsSpan())));
        Assert.Equal(-1, AnnotationIndex.IdOf("sidecar.istio.io/injecT"));
    }

    private static JsonObject? FindProxy(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            if (obj["name"] is JsonValue name && name.GetValueKind() == JsonValueKind.String && (string?)name == "istio-proxy") return obj;
            foreach (var (_, child) in obj)
            {
                if (FindProxy(child) is { } found) return found;
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                if (FindProxy(child) is { } found) return found;
            }
        }
        return null;
    }
}
