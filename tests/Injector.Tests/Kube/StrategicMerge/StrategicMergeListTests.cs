using static Injector.Tests.Kube.StrategicMerge.MergeAssert;

namespace Injector.Tests.Kube.StrategicMerge;

/// <summary>
/// How lists merge (apimachinery v0.36.1 <c>mergeSliceHandler</c>, <c>mergeSlice</c> and the order normalization
/// <c>normalizeElementOrder</c> / <c>mergeSortedSlice</c>). Each expectation is worked out from that code in its
/// comment; the same inputs are also in the Go-run corpus.
/// </summary>
public sealed class StrategicMergeListTests
{
    /// <summary>
    /// Merge by key, then order. Original env [A, B, C], patch [X, B'] (X new, B changed). Merged in place:
    /// [A, B', C, X]. Partition by presence in the patch: patch items [B', X] sorted by patch order → [X, B'];
    /// server-only [A, C] in original order. <c>mergeSortedSlice(left=[A, C], right=[X, B'])</c>: A vs X, X is not in
    /// the original → X; A(0) vs B'(1) → A; C(2) vs B'(1) → B'; then C. Result [X, A, B', C].
    /// </summary>
    [Fact]
    public void ElementsMergeByKeyAndPatchOrderInterleavesWithTheOriginal() => Merges(
        """{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"a"},{"name":"B","value":"b"},{"name":"C","value":"c"}]}]}}""",
        """{"spec":{"containers":[{"name":"app","env":[{"name":"X","value":"x"},{"name":"B","value":"b2"}]}]}}""",
        """{"spec":{"containers":[{"name":"app","env":[{"name":"X","value":"x"},{"name":"A","value":"a"},{"name":"B","value":"b2"},{"name":"C","value":"c"}]}]}}""");

    /// <summary>
    /// Only new elements in the patch: every comparison in <c>mergeSortedSlice</c> finds the patch element missing from
    /// the original and takes it first, so all patch elements precede the original ones: the reason Istio's template
    /// volumes land before the pod's own.
    /// </summary>
    [Fact]
    public void NewElementsComeBeforeTheOriginalOnes() => Merges(
        """{"spec":{"volumes":[{"name":"pod-a","emptyDir":{}},{"name":"pod-b","emptyDir":{}}]}}""",
        """{"spec":{"volumes":[{"name":"istio-envoy","emptyDir":{"medium":"Memory"}},{"name":"istio-data","emptyDir":{}}]}}""",
        """{"spec":{"volumes":[{"name":"istio-envoy","emptyDir":{"medium":"Memory"}},{"name":"istio-data","emptyDir":{}},{"name":"pod-a","emptyDir":{}},{"name":"pod-b","emptyDir":{}}]}}""");

    /// <summary>
    /// The patch names an original element first: patch [B', X]; merged [A, B', X]; patch items [B', X], server-only
    /// [A]. A(0) vs B'(1) → A first; then B', X. Original elements keep their place when the patch touches them.
    /// </summary>
    [Fact]
    public void TouchedElementsKeepTheirPlace() => Merges(
        """{"spec":{"imagePullSecrets":[{"name":"A"},{"name":"B"}]}}""",
        """{"spec":{"imagePullSecrets":[{"name":"B"},{"name":"X"}]}}""",
        """{"spec":{"imagePullSecrets":[{"name":"A"},{"name":"B"},{"name":"X"}]}}""");

    /// <summary>
    /// Scalars with the merge strategy: the union without duplicates, ordered the same way. Original [a, b], patch
    /// [c, a]: patch items [c, a] in patch order, server-only [b]; b vs c: c not in the original → c; b(1) vs a(0) → a;
    /// then b. Result [c, a, b].
    /// </summary>
    [Fact]
    public void ScalarListsMergeAsSets() => Merges(
        """{"metadata":{"finalizers":["a","b"]}}""",
        """{"metadata":{"finalizers":["c","a","c"]}}""",
        """{"metadata":{"finalizers":["c","a","b"]}}""");

    /// <summary>Without the merge strategy (args, tolerations) the patch list replaces, exactly as written (nulls and
    /// all, since <c>mergeSliceHandler</c> returns it untouched).</summary>
    [Fact]
    public void ListsWithoutMergeStrategyAreReplaced() => Merges(
        """{"spec":{"tolerations":[{"key":"a"}],"containers":[{"name":"app","args":["x","y"]}]}}""",
        """{"spec":{"tolerations":[{"key":"b","operator":null}],"containers":[{"name":"app","args":["z"]}]}}""",
        """{"spec":{"tolerations":[{"key":"b","operator":null}],"containers":[{"name":"app","args":["z"]}]}}""");

    /// <summary>Merge keys compare as Go's <c>interface{}</c> values: numbers as float64 (80 and 80.0 match), a number
    /// never matches a string. (The merged value is the patch's <c>80.0</c>, which Go holds as the float64 80;
    /// results are compared as Go would print them.)</summary>
    [Fact]
    public void MergeKeysCompareAsGoValues() => Merges(
        """{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"name":"http"},{"containerPort":"90"}]}]}}""",
        """{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80.0,"protocol":"TCP"},{"containerPort":90}]}]}}""",
        """{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"name":"http","protocol":"TCP"},{"containerPort":90},{"containerPort":"90"}]}]}}""");

    /// <summary>
    /// Two patch elements with one key, merged into an existing (here empty) list: the first is appended, the second
    /// finds it (the search runs over the list as it grows) and merges into it. Where the original has no such list
    /// at all, the patch list is simply taken, both elements included.
    /// </summary>
    [Fact]
    public void RepeatedPatchElementsMergeIntoOne()
    {
        Merges(
            """{"spec":{"containers":[{"name":"app","env":[]}]}}""",
            """{"spec":{"containers":[{"name":"app","env":[{"name":"X","value":"1"},{"name":"X","valueFrom":{"fieldRef":{"fieldPath":"f"}}}]}]}}""",
            """{"spec":{"containers":[{"name":"app","env":[{"name":"X","value":"1","valueFrom":{"fieldRef":{"fieldPath":"f"}}}]}]}}""");
        Merges(
            """{"spec":{"containers":[{"name":"app"}]}}""",
            """{"spec":{"containers":[{"name":"app","env":[{"name":"X","value":"1"},{"name":"X","value":"2"}]}]}}""",
            """{"spec":{"containers":[{"name":"app","env":[{"name":"X","value":"1"},{"name":"X","value":"2"}]}]}}""");
    }

    /// <summary>A new element appended by <c>mergeSliceWithoutSpecialElements</c> is not cleaned: its nulls stay (only a
    /// new key's value is cleaned).</summary>
    [Fact]
    public void AppendedElementsKeepTheirNulls() => Merges(
        """{"spec":{"containers":[{"name":"app"}]}}""",
        """{"spec":{"containers":[{"name":"sidecar","image":null}]}}""",
        """{"spec":{"containers":[{"name":"sidecar","image":null},{"name":"app"}]}}""");

    [Fact]
    public void PatchElementWithoutMergeKeyIsAnError()
    {
        var ex = Fails("""{"spec":{"containers":[{"name":"app"}]}}""", """{"spec":{"containers":[{"image":"x"}]}}""");
        Assert.Equal("map: map[image:x] does not contain declared merge key: name", ex.Message);
    }

    /// <summary>An original element without the key is skipped by the search but fails the partition that follows.</summary>
    [Fact]
    public void OriginalElementWithoutMergeKeyIsAnError()
    {
        var ex = Fails("""{"spec":{"containers":[{"image":"x"}]}}""", """{"spec":{"containers":[{"name":"app"}]}}""");
        Assert.Equal("map: map[image:x] does not contain declared merge key: name", ex.Message);
    }

    /// <summary><c>sliceElementType</c>: every element of both lists must have one Go type.</summary>
    [Fact]
    public void MixedElementTypesAreAnError()
    {
        var ex = Fails("""{"metadata":{"finalizers":["a"]}}""", """{"metadata":{"finalizers":[1]}}""");
        Assert.Equal("list element types are not identical: [[a] [1]]", ex.Message);
        Assert.Equal("lists of lists are not supported", Fails("""{"metadata":{"finalizers":[["a"]]}}""", """{"metadata":{"finalizers":[["b"]]}}""").Message);
    }

    /// <summary>Empty on both sides: <c>mergeSlice</c> returns the original (empty) list.</summary>
    [Fact]
    public void EmptyListsStayEmpty() => Merges(
        """{"spec":{"containers":[]}}""",
        """{"spec":{"containers":[]}}""",
        """{"spec":{"containers":[]}}""");

    /// <summary>An empty patch list with the merge strategy changes nothing (server-only elements in their order).</summary>
    [Fact]
    public void EmptyPatchListKeepsTheOriginal() => Merges(
        """{"spec":{"containers":[{"name":"b"},{"name":"a"}]}}""",
        """{"spec":{"containers":[]}}""",
        """{"spec":{"containers":[{"name":"b"},{"name":"a"}]}}""");

    /// <summary>Nested merge lists: containers by name, then env and volumeMounts inside by their own keys.</summary>
    [Fact]
    public void NestedListsMergeByTheirOwnKeys() => Merges(
        """{"spec":{"containers":[{"name":"app","volumeMounts":[{"name":"v","mountPath":"/a"}],"env":[{"name":"E","value":"1"}]}]}}""",
        """{"spec":{"containers":[{"name":"app","volumeMounts":[{"name":"w","mountPath":"/a","readOnly":true},{"name":"t","mountPath":"/t"}],"env":[{"name":"E","value":"2"}]}]}}""",
        """{"spec":{"containers":[{"name":"app","volumeMounts":[{"name":"w","mountPath":"/a","readOnly":true},{"name":"t","mountPath":"/t"}],"env":[{"name":"E","value":"2"}]}]}}""");
}
