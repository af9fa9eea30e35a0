namespace Injector.Kube.StrategicMerge;

/// <summary>
/// What strategic merge needs to know about the Go type at one point of the object, as apimachinery's
/// <c>LookupPatchMeta</c> provides it (<c>PatchMetaFromStruct</c> over <c>corev1.Pod</c> is what Istio uses).
/// The merge asks only when an original and a patch value under the same key are both objects or both lists.
/// </summary>
internal interface IPatchMetaLookup
{
    /// <summary>
    /// The field <paramref name="key"/> of this struct (a pointer to a struct counts as the struct): the lookup for the
    /// field's own type and its <c>patchStrategy</c>/<c>patchMergeKey</c>. Matches JSON names exactly, else
    /// case-insensitively as Go's JSON does. Throws <see cref="StrategicMergeException"/> when this is not a struct
    /// ("merging an object in json but data type is not struct, instead is: map") or has no such field
    /// ("unable to find api field in struct PodSpec for the json field \"x\"").
    /// </summary>
    IPatchMetaLookup LookupForStruct(string key, out PatchMeta meta);

    /// <summary>
    /// The list field <paramref name="key"/>: the lookup for its element type, and the field's patch metadata.
    /// Throws as <see cref="LookupForStruct"/> does, and when the field is not a slice (or pointer to one).
    /// </summary>
    IPatchMetaLookup LookupForSlice(string key, out PatchMeta meta);

    /// <summary>The Go kind of this type as <c>reflect.Kind.String()</c> names it (<c>struct</c>, <c>map</c>,
    /// <c>ptr</c>, <c>string</c>): apimachinery puts it in some messages.</summary>
    string Name { get; }
}

/// <summary>
/// A field's strategic-merge metadata: the raw <c>patchStrategy</c> tag (<c>""</c>, <c>merge</c>, <c>replace</c>,
/// <c>retainKeys</c>, <c>merge,retainKeys</c>) and <c>patchMergeKey</c> (<c>""</c> when none).
/// </summary>
internal readonly record struct PatchMeta(string PatchStrategy, string PatchMergeKey)
{
    public static PatchMeta None { get; } = new("", "");
}
