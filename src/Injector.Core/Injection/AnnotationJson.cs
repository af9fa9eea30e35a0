using System.Text.Json;
using Injector.Json;
using Injector.Limits;

namespace Injector.Injection;

/// <summary>
/// Parses an annotation whose value is JSON (<c>sidecar.istio.io/userVolume</c>, <c>userVolumeMount</c>,
/// <c>sidecar.istio.io/status</c>, <c>proxy.istio.io/overrides</c>, the previous proxy's <c>ISTIO_KUBE_APP_PROBERS</c>).
/// The pod's author wrote that text: it is read as Go's decoder reads it (an unpaired surrogate escape is U+FFFD,
/// where System.Text.Json would throw later, when the string is read) and no deeper than <see cref="InputLimits.MaxJsonDepth"/>.
/// Its size is bounded by the request body's.
/// </summary>
internal static class AnnotationJson
{
    /// <summary>Throws <see cref="JsonException"/> when the text is not JSON or nests too deep, like <see cref="JsonDocument.Parse(string, JsonDocumentOptions)"/>.</summary>
    public static JsonTree Parse(string text) => JsonTree.Parse(SurrogateEscapes.ReplaceUnpaired(text), InputLimits.MaxJsonDepth);
}
