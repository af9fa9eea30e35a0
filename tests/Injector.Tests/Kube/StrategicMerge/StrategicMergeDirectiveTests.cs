using System.Text.Json.Nodes;
using Injector.Kube.StrategicMerge;
using static Injector.Tests.Kube.StrategicMerge.MergeAssert;
using Smp = Injector.Kube.StrategicMerge.StrategicMerge;

namespace Injector.Tests.Kube.StrategicMerge;

/// <summary>
/// The patch directives (<c>$patch</c> in list elements, <c>$deleteFromPrimitiveList/</c>, <c>$setElementOrder/</c>,
/// <c>$retainKeys</c>) and field strategies, as apimachinery v0.36.1 applies them; the derivations are in the comments.
/// </summary>
public sealed class StrategicMergeDirectiveTests
{
    /// <summary>
    /// <c>{$patch: delete, name: b}</c> removes every original element named b (<c>deleteMatchingEntries</c>) before
    /// merging; the rest is an ordinary merge: original [a, c], patch [d] → d is new, so it comes first: [d, a, c].
    /// </summary>
    [Fact]
    public void ListElementDeleteDirective() => Merges(
        """{"spec":{"containers":[{"name":"a"},{"name":"b"},{"name":"c"}]}}""",
        """{"spec":{"containers":[{"name":"b","$patch":"delete"},{"name":"d"}]}}""",
        """{"spec":{"containers":[{"name":"d"},{"name":"a"},{"name":"c"}]}}""");

    /// <summary>A <c>$patch: replace</c> element makes the list the patch's other elements (it needs no merge key).</summary>
    [Fact]
    public void ListElementReplaceDirective() => Merges(
        """{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}""",
        """{"spec":{"containers":[{"name":"x","image":"i"},{"$patch":"replace"}]}}""",
        """{"spec":{"containers":[{"name":"x","image":"i"}]}}""");

    [Fact]
    public void ListElementMergeDirectiveIsRefused()
    {
        Assert.Equal("merging lists cannot yet be specified in the patch",
            Fails("""{"spec":{"containers":[{"name":"a"}]}}""", """{"spec":{"containers":[{"$patch":"merge"}]}}""").Message);
        Assert.Equal("map: map[$patch:delete] does not contain declared merge key: name",
            Fails("""{"spec":{"containers":[{"name":"a"}]}}""", """{"spec":{"containers":[{"$patch":"delete"}]}}""").Message);
    }

    /// <summary><c>$deleteFromPrimitiveList/finalizers</c> removes those values (<c>deleteFromSlice</c>, order kept, no
    /// other normalization); against a missing list it sets nothing.</summary>
    [Fact]
    public void DeleteFromPrimitiveList()
    {
        Merges("""{"metadata":{"finalizers":["a","b","c","b"]}}""", """{"metadata":{"$deleteFromPrimitiveList/finalizers":["b","z"]}}""",
            """{"metadata":{"finalizers":["a","c"]}}""");
        Merges("""{"metadata":{}}""", """{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"]}}""", """{"metadata":{}}""");
    }

    /// <summary><c>extractKey</c> needs exactly the prefix, a slash and the field.</summary>
    [Theory]
    [InlineData("$deleteFromPrimitiveListX/finalizers", "invalid patch format of primitive list")]
    [InlineData("$deleteFromPrimitiveList", "invalid patch format of primitive list")]
    [InlineData("$setElementOrderX/finalizers", "invalid patch format of setElementOrder list")]
    public void DirectiveKeysNeedTheExactPrefix(string key, string error) =>
        Assert.Equal(error, Fails("""{"metadata":{"finalizers":["a"]}}""", "{\"metadata\":{\"" + key + "\":[\"a\"]}}").Message);

    /// <summary>
    /// <c>$setElementOrder</c> on scalars. The list merges first: original [a, b, c] + patch [d] → [d, a, b, c]. Then
    /// listed [d, a, c] are sorted by the directive [c, d, a] → [c, d, a]; unlisted [b] stays; interleaving by
    /// original position: b(1) before c(2), so b first: [b, c, d, a].
    /// </summary>
    [Fact]
    public void SetElementOrderOnScalars() => Merges(
        """{"metadata":{"finalizers":["a","b","c"]}}""",
        """{"metadata":{"finalizers":["d"],"$setElementOrder/finalizers":["c","d","a"]}}""",
        """{"metadata":{"finalizers":["b","c","d","a"]}}""");

    /// <summary>On maps (by merge key), with and without a patch list: the directive's order wins.</summary>
    [Fact]
    public void SetElementOrderOnMaps()
    {
        Merges(
            """{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}""",
            """{"spec":{"containers":[{"name":"b","image":"x"}],"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}""",
            """{"spec":{"containers":[{"name":"b","image":"x"},{"name":"a"}]}}""");
        Merges(
            """{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}""",
            """{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}""",
            """{"spec":{"containers":[{"name":"b"},{"name":"a"}]}}""");
    }

    /// <summary><c>validatePatchWithSetOrderList</c>: patch elements must appear in the directive, in order.</summary>
    [Fact]
    public void SetElementOrderMustCoverThePatchList()
    {
        var ex = Fails("""{"spec":{"containers":[{"name":"a"}]}}""",
            """{"spec":{"containers":[{"name":"x"}],"$setElementOrder/containers":[{"name":"a"}]}}""");
        Assert.Equal("The order in patch list: [map[name:x]] doesn't match $setElementOrder list: [map[name:a]]", ex.Message);
    }

    /// <summary>The directive's target must be a list on both sides and in the schema, checked in that order.</summary>
    [Fact]
    public void SetElementOrderNeedsAList()
    {
        Assert.Equal("expected a []interface {}, but received a map[string]interface {}",
            Fails("""{"metadata":{"labels":{"a":"1"}}}""", """{"metadata":{"$setElementOrder/labels":["a"]}}""").Message);
        Assert.Equal("expected slice or array type, but got: struct",
            Fails("""{"metadata":{}}""", """{"metadata":{"$setElementOrder/labels":["a"]}}""").Message);
    }

    /// <summary>
    /// <c>$retainKeys</c> in a list element: the matched original element keeps only the listed keys (emptyDir goes),
    /// then the patch merges in.
    /// </summary>
    [Fact]
    public void RetainKeysClearsUnlistedFields() => Merges(
        """{"spec":{"volumes":[{"name":"v","emptyDir":{},"configMap":{"name":"c"}}]}}""",
        """{"spec":{"volumes":[{"name":"v","configMap":{"name":"d"},"$retainKeys":["name","configMap"]}]}}""",
        """{"spec":{"volumes":[{"name":"v","configMap":{"name":"d"}}]}}""");

    /// <summary>Every non-null patch key must be listed, and the directive must be a list.</summary>
    [Fact]
    public void RetainKeysMustListThePatchKeys()
    {
        Assert.Equal("invalid patch format of retainKeys", Fails(
            """{"spec":{"volumes":[{"name":"v","emptyDir":{}}]}}""",
            """{"spec":{"volumes":[{"name":"v","configMap":{"name":"d"},"$retainKeys":["name"]}]}}""").Message);
        Assert.Equal("invalid patch format of retainKeys", Fails(
            """{"spec":{"securityContext":{"runAsUser":1}}}""",
            """{"spec":{"securityContext":{"$retainKeys":"runAsUser"}}}""").Message);
    }

    /// <summary><c>removeDirectives</c> drops only maps with <c>$patch</c>: a new value keeps <c>$retainKeys</c> as data.</summary>
    [Fact]
    public void NewValuesKeepOtherDirectiveKeys() => Merges(
        """{"spec":{}}""",
        """{"spec":{"securityContext":{"runAsUser":1,"$retainKeys":["runAsUser"]}}}""",
        """{"spec":{"securityContext":{"runAsUser":1,"$retainKeys":["runAsUser"]}}}""");

    /// <summary>A struct field with <c>patchStrategy:"replace"</c> takes the patch map as it is; an unknown pair of
    /// strategies is refused (<c>extractRetainKeysPatchStrategy</c>).</summary>
    [Fact]
    public void FieldStrategiesFromTheSchema()
    {
        var replaced = Smp.Apply(JsonNode.Parse("""{"m":{"a":1,"b":2}}""")!.AsObject(), JsonNode.Parse("""{"m":{"b":3}}""")!.AsObject(),
            new OneField("replace"));
        Assert.Equal("""{"m":{"b":3}}""", replaced.ToJsonString());
        var ex = Assert.Throws<StrategicMergeException>(() => Smp.Apply(JsonNode.Parse("""{"m":{"a":1}}""")!.AsObject(),
            JsonNode.Parse("""{"m":{"b":3}}""")!.AsObject(), new OneField("merge,replace")));
        Assert.Equal("unexpected patch strategy: [merge replace]", ex.Message);
    }

    /// <summary>A list field with the merge strategy but no merge key cannot merge maps.</summary>
    [Fact]
    public void MapListWithoutMergeKeyIsRefused()
    {
        var ex = Assert.Throws<StrategicMergeException>(() => Smp.Apply(JsonNode.Parse("""{"m":[{"a":1}]}""")!.AsObject(),
            JsonNode.Parse("""{"m":[{"a":2}]}""")!.AsObject(), new OneField("merge")));
        Assert.Equal("cannot merge lists without merge key for struct", ex.Message);
    }

    /// <summary>A struct with one field <c>m</c> of the given strategy, whose element or value is a struct.</summary>
    private sealed class OneField(string strategy) : IPatchMetaLookup
    {
        public string Name => "struct";

        public IPatchMetaLookup LookupForStruct(string key, out PatchMeta meta)
        {
            meta = new PatchMeta(strategy, "");
            return this;
        }

        public IPatchMetaLookup LookupForSlice(string key, out PatchMeta meta) => LookupForStruct(key, out meta);
    }
}
