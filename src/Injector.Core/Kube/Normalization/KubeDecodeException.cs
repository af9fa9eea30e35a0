namespace Injector.Kube.Normalization;

/// <summary>What Go's <c>json.Unmarshal</c> into a Kubernetes type would return, with its message (<c>json: cannot
/// unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32</c>), or a
/// limit the input broke before any work was done.</summary>
internal sealed class KubeDecodeException(string message) : Exception(message);
