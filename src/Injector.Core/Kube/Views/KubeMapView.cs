using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Schema;
using Injector.Kube.Yaml;
using Injector.Templates.Values;

namespace Injector.Kube.Views;

/// <summary>A Kubernetes map (<c>map[string]string</c> labels and annotations, <c>v1.ResourceList</c>) over a
/// normalized JSON object; nil when absent. Read-only. A missing key indexes to the element's zero value.</summary>
internal sealed class KubeMapView(KubeType type, JsonObject? obj) : GoMap
{
    private List<KeyValuePair<string, object?>>? _sorted;

    public override string TypeName => type.GoName;

    public override int Count => obj?.Count ?? 0;

    public override bool IsNil => obj is null;

    /// <summary>The JSON object (null for a nil map).</summary>
    public JsonObject? Json => obj;

    public override bool TryGetValue(string key, out object? value)
    {
        if (obj is not null && obj.TryGetPropertyValue(key, out var node))
        {
            value = KubeViews.From(node, type.Element!, addressable: false);
            return true;
        }
        value = ZeroElement;
        return false;
    }

    public override object? ZeroElement => KubeViews.From(null, type.Element!, addressable: false);

    public override IEnumerable<KeyValuePair<string, object?>> SortedEntries
    {
        get
        {
            if (_sorted is null)
            {
                var entries = new List<KeyValuePair<string, object?>>(Count);
                if (obj is not null)
                {
                    foreach (var (key, node) in obj) entries.Add(new(key, KubeViews.From(node, type.Element!, addressable: false)));
                }
                entries.Sort((a, b) => Utf8Order.Comparer.Compare(a.Key, b.Key));
                _sorted = entries;
            }
            return _sorted;
        }
    }
}
