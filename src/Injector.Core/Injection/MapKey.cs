using System.Text;
using System.Text.Json;
using Injector.Json;

namespace Injector.Injection;

/// <summary>
/// A label or annotation key the engine sets, with its property name and its JSON-Pointer entry path under its map
/// encoded once (escaped as JSON and, for the path, as a JSON-Pointer token), so no request re-encodes them.
/// </summary>
internal sealed class MapKey
{
    private MapKey(JsonEncodedText mapPath, string key)
    {
        Utf8Key = Encoding.UTF8.GetBytes(key);
        Name = JsonEncodedText.Encode(key);
        EntryPath = JsonEncodedText.Encode(mapPath.Value + "/" + JsonPointer.Escape(key));
    }

    /// <summary>The key as UTF-8, to look it up in the pod without transcoding.</summary>
    public byte[] Utf8Key { get; }
    public JsonEncodedText Name { get; }
    public JsonEncodedText EntryPath { get; }

    public static MapKey Label(string key) => new(PatchPaths.Labels, key);

    public static MapKey Annotation(string key) => new(PatchPaths.Annotations, key);

    // The keys MetadataPatchWriter sets.
    public static readonly MapKey TlsMode = Label(AnnotationNames.TlsModeLabel);
    public static readonly MapKey CanonicalName = Label(AnnotationNames.CanonicalNameLabel);
    public static readonly MapKey CanonicalRevision = Label(AnnotationNames.CanonicalRevisionLabel);
    public static readonly MapKey TopologyNetwork = Label(AnnotationNames.TopologyNetworkLabel);
    public static readonly MapKey DefaultLogsContainer = Annotation(AnnotationNames.DefaultLogsContainer);
    public static readonly MapKey DefaultContainer = Annotation(AnnotationNames.DefaultContainer);
    public static readonly MapKey Rev = Annotation(AnnotationNames.Rev);
    public static readonly MapKey PrometheusPath = Annotation(AnnotationNames.PrometheusPath);
    public static readonly MapKey PrometheusPort = Annotation(AnnotationNames.PrometheusPort);
    public static readonly MapKey PrometheusScrape = Annotation(AnnotationNames.PrometheusScrape);
    public static readonly MapKey RewriteAppHttpProbers = Annotation(AnnotationNames.RewriteAppHttpProbers);
    public static readonly MapKey ProxyOverrides = Annotation(AnnotationNames.ProxyOverrides);
    public static readonly MapKey Status = Annotation(AnnotationNames.Status);
}
