namespace Injector.Injection;

/// <summary>The injection templates this engine knows (<c>inject.istio.io/templates</c>).</summary>
internal static class TemplateNames
{
    public const string Sidecar = "sidecar";
    public const string Gateway = "gateway";
    public const string GrpcAgent = "grpc-agent";
    public const string GrpcSimple = "grpc-simple";

    public static bool IsKnown(string name) => name is Sidecar or Gateway or GrpcAgent or GrpcSimple;

    /// <summary>Null when every comma-separated name is known.</summary>
    public static string? Problem(string value)
    {
        foreach (var part in value.Split(','))
        {
            var name = part.Trim();
            if (name.Length == 0) continue;
            if (name == GrpcSimple) return "template \"grpc-simple\" (Istio's busybox debug template) is not supported";
            if (!IsKnown(name)) return "unknown template \"" + name + "\" (known: sidecar, gateway, grpc-agent)";
        }
        return null;
    }
}
