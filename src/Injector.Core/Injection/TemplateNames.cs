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
            if (!IsKnown(name)) return "unknown template \"" + name + "\" (known: sidecar, gateway, grpc-agent)";
        }
        return null;
    }

    /// <summary>
    /// Null unless the selection is <c>grpc-simple</c> with no proxy template: that pod shape (no istio-proxy at all)
    /// is not produced by this engine, so it is refused with a clear answer instead of getting a sidecar it did not ask for.
    /// </summary>
    public static string? AloneProblem(string value)
    {
        var simple = false;
        foreach (var part in value.Split(','))
        {
            var name = part.Trim();
            if (name == GrpcSimple) simple = true;
            else if (name.Length > 0) return null;
        }
        return simple ? "template \"grpc-simple\" must be combined with sidecar or grpc-agent (e.g. \"sidecar,grpc-simple\")" : null;
    }
}
