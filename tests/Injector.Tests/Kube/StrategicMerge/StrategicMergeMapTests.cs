using static Injector.Tests.Kube.StrategicMerge.MergeAssert;

namespace Injector.Tests.Kube.StrategicMerge;

/// <summary>
/// How maps and scalars merge (apimachinery v0.36.1 <c>mergeMap</c>, called with <c>MergeParallelList</c> and
/// <c>IgnoreUnmatchedNulls</c> as <c>StrategicMergeMapPatchUsingLookupPatchMeta</c> does). Each expectation is read
/// off that code; the same inputs are also in the Go-run corpus (StrategicMergeOracleTests).
/// </summary>
public sealed class StrategicMergeMapTests
{
    /// <summary>Both sides maps: <c>mergeMapHandler</c> → <c>mergeMap</c> on the field; other keys kept.</summary>
    [Fact]
    public void MapsMergeRecursively() => Merges(
        """{"metadata":{"name":"p","labels":{"a":"1","b":"2"}}}""",
        """{"metadata":{"labels":{"b":"3","c":"4"}}}""",
        """{"metadata":{"name":"p","labels":{"a":"1","b":"3","c":"4"}}}""");

    /// <summary><c>patchV == nil</c>: <c>delete(original, k)</c>, then (unmatched nulls ignored) nothing is added.</summary>
    [Fact]
    public void NullDeletesAndAddsNothing() => Merges(
        """{"metadata":{"labels":{"a":"1","b":"2"}}}""",
        """{"metadata":{"labels":{"a":null,"zz":null}}}""",
        """{"metadata":{"labels":{"b":"2"}}}""");

    /// <summary>A key absent from the original takes the patch value after <c>discardNullValuesFromPatch</c> (nulls in
    /// maps at any depth; null list elements stay) and <c>removeDirectives</c>.</summary>
    [Fact]
    public void NewKeyTakesThePatchValueWithoutNulls() => Merges(
        """{"spec":{}}""",
        """{"spec":{"securityContext":{"runAsUser":1,"supplementalGroups":null},"tolerations":[{"key":"a","operator":null}]}}""",
        """{"spec":{"securityContext":{"runAsUser":1},"tolerations":[{"key":"a"}]}}""");

    /// <summary>Different Go types on the two sides (<c>reflect.TypeOf</c> differs): the patch value replaces, cleaned
    /// the same way. A null original value is of another type too.</summary>
    [Fact]
    public void ValueOfAnotherTypeIsReplaced() => Merges(
        """{"spec":{"nodeSelector":"text","securityContext":null}}""",
        """{"spec":{"nodeSelector":{"a":"1","b":null},"securityContext":{"runAsUser":2}}}""",
        """{"spec":{"nodeSelector":{"a":"1"},"securityContext":{"runAsUser":2}}}""");

    /// <summary>Scalars of the same type: the <c>default</c> branch takes the patch value.</summary>
    [Fact]
    public void ScalarIsReplaced() => Merges(
        """{"kind":"Pod","spec":{"securityContext":{"runAsUser":1}}}""",
        """{"kind":"X","spec":{"securityContext":{"runAsUser":1337}}}""",
        """{"kind":"X","spec":{"securityContext":{"runAsUser":1337}}}""");

    /// <summary>The <c>$patch: replace</c> directive on a map: <c>handleDirectiveInMergeMap</c> returns the patch
    /// without the marker, so the original's other keys are gone.</summary>
    [Fact]
    public void PatchReplaceDirectiveReplacesTheMap() => Merges(
        """{"spec":{"securityContext":{"runAsUser":2,"supplementalGroups":[1]}}}""",
        """{"spec":{"securityContext":{"$patch":"replace","runAsUser":1}}}""",
        """{"spec":{"securityContext":{"runAsUser":1}}}""");

    /// <summary><c>$patch: delete</c> on a map returns an empty map, which is kept under its key.</summary>
    [Fact]
    public void PatchDeleteDirectiveEmptiesTheMap() => Merges(
        """{"spec":{"securityContext":{"runAsUser":2}}}""",
        """{"spec":{"securityContext":{"$patch":"delete"}}}""",
        """{"spec":{"securityContext":{}}}""");

    /// <summary>Any other <c>$patch</c> value is <c>ErrBadPatchType</c>.</summary>
    [Fact]
    public void UnknownPatchDirectiveIsAnError()
    {
        var ex = Fails("""{"spec":{"securityContext":{}}}""", """{"spec":{"securityContext":{"$patch":"bogus","runAsUser":1}}}""");
        Assert.Equal("unknown patch type: bogus in map: map[$patch:bogus runAsUser:1]", ex.Message);
    }

    /// <summary>A new key's value loses maps holding <c>$patch</c> (<c>removeDirectives</c>); a new value that is
    /// itself such a map is not set at all.</summary>
    [Fact]
    public void NewValuesLoseDirectiveMaps() => Merges(
        """{"spec":{}}""",
        """{"spec":{"dnsConfig":{"$patch":"replace","nameservers":["1.1.1.1"]},"hostAliases":[{"ip":"1.2.3.4"},{"ip":"5.6.7.8","$patch":"delete"}]}}""",
        """{"spec":{"hostAliases":[{"ip":"1.2.3.4"}]}}""");

    /// <summary>A <c>$patch</c> at the top: the whole object is the patch (<c>replace</c>).</summary>
    [Fact]
    public void TopLevelReplace() => Merges(
        """{"kind":"Pod","spec":{"containers":[]}}""",
        """{"$patch":"replace","kind":"Other"}""",
        """{"kind":"Other"}""");

    /// <summary>Lookups happen only when both values are maps or both lists: an unknown field with scalars is simply
    /// replaced, with maps it is <c>forkedjson.LookupPatchMetadataForStruct</c>'s error.</summary>
    [Fact]
    public void UnknownFieldFailsOnlyWhenItNeedsALookup()
    {
        Merges("""{"spec":{"foo":"a"}}""", """{"spec":{"foo":"b"}}""", """{"spec":{"foo":"b"}}""");
        var ex = Fails("""{"spec":{"foo":{"a":1}}}""", """{"spec":{"foo":{"b":1}}}""");
        Assert.Equal("unable to find api field in struct PodSpec for the json field \"foo\"", ex.Message);
    }

    /// <summary>The map-typed fields (<c>map[string]string</c>) have no struct to look into: a map value under them
    /// meeting a map is <c>"merging an object in json but data type is not struct, instead is: map"</c>.</summary>
    [Fact]
    public void MapValuedFieldCannotMergeNestedMaps()
    {
        var ex = Fails("""{"metadata":{"annotations":{"a":{"x":1}}}}""", """{"metadata":{"annotations":{"a":{"y":1}}}}""");
        Assert.Equal("merging an object in json but data type is not struct, instead is: map", ex.Message);
    }

    /// <summary>Go's JSON field lookup falls back to a case-insensitive match: <c>CONTAINERS</c> finds the merge
    /// strategy of <c>containers</c> (the key itself stays as written).</summary>
    [Fact]
    public void FieldLookupIgnoresCaseAsGoDoes() => Merges(
        """{"spec":{"CONTAINERS":[{"name":"a","image":"1"}]}}""",
        """{"spec":{"CONTAINERS":[{"name":"b"}]}}""",
        """{"spec":{"CONTAINERS":[{"name":"b"},{"name":"a","image":"1"}]}}""");
}
