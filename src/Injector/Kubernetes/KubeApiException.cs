using System.Net;

namespace Injector.Kubernetes;

/// <summary>An API server answer the caller did not expect; the message names the request and the server's reason.</summary>
internal sealed class KubeApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
