namespace Injector.Admission;

/// <summary>The engine that answered a pod: the <c>path</c> label of the injection metrics.</summary>
public static class AdmissionPaths
{
    /// <summary>The compiled fast path: patch bytes written from per-revision segments.</summary>
    public const string Compiled = "compiled";

    /// <summary>Istio's algorithm: templates rendered, merged onto the pod and diffed.</summary>
    public const string Rendered = "rendered";
}
