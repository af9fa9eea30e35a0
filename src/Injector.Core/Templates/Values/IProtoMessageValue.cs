namespace Injector.Templates.Values;

/// <summary>
/// A protobuf message as Istio's <c>protoToJSON</c> template function sees it: the implementation returns the protojson
/// text istiod would produce (<c>protomarshal.ToJSON</c>, compact), after applying Istio's <c>cleanProxyConfig</c> when
/// the message is a <c>ProxyConfig</c>. The template engine only calls it; the mesh model implements it.
/// </summary>
public interface IProtoMessageValue
{
    /// <summary>The message as protojson. Throw <see cref="GoCallException"/> when it cannot be marshalled: the
    /// function then yields <c>{}</c>, as Istio does.</summary>
    string ToProtoJson();
}
