using GoJson = Injector.Kube.Json.GoJson;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Normalization;
using Injector.Kube.Schema;
using Injector.Templates.Values;

namespace Injector.Kube.Views;

/// <summary>A Kubernetes slice (<c>[]v1.Container</c>, <c>[]string</c>) over a normalized JSON array; nil when the
/// array is absent or null.</summary>
internal sealed class KubeSliceView(KubeType type, JsonArray? array) : GoSlice
{
    // Per render, like every view over the request's pod: the memo lives and dies with the request.
    private object?[]? _items;

    public override string TypeName => type.GoName;

    public override int Count => array?.Count ?? 0;

    public override bool IsNil => array is null;

    public override object? this[int index]
    {
        get
        {
            _items ??= new object?[Count];
            return _items[index] ??= KubeViews.From(array![index], type.Element!, addressable: true);
        }
    }

    /// <summary>The JSON array (null for a nil slice).</summary>
    public JsonArray? Json => array;

    public void WriteJson(Utf8JsonWriter writer) => GoJson.WriteTo(writer, PodNormalizer.Normalize(array, type));
}
