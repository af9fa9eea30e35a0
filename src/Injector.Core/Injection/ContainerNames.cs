namespace Injector.Injection;

/// <summary>Names of the containers the templates inject.</summary>
internal static class ContainerNames
{
    public const string Proxy = "istio-proxy";

    /// <summary><see cref="Proxy"/> as UTF-8, for comparing with the pod's names in place.</summary>
    public static ReadOnlySpan<byte> ProxyUtf8 => "istio-proxy"u8;
    public const string Init = "istio-init";
    public const string Validation = "istio-validation";
    public const string CoreDump = "enable-core-dump";
    public const string GrpcBootstrap = "grpc-bootstrap-init";
}
