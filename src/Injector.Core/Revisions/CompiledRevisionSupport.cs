namespace Injector.Revisions;

/// <summary>
/// Revision settings the compiled path does not render as Istio does: a revision YAML that sets one is served by the
/// renderer alone (<see cref="ServedRevision.Compiled"/> null). The differential tests (tests/Injector.Tests/Differential)
/// prove the compiled path on every other setting; docs/compiled-path.md lists the reasons.
/// </summary>
public static class CompiledRevisionSupport
{
    /// <summary>Null when the compiled path may serve the revision; else the setting that keeps it on the renderer.</summary>
    public static string? RenderedOnlyReason(RevisionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        // Istio's template no longer adds the enable-core-dump init container; the compiled path still does.
        if (config.EnableCoreDump) return "enableCoreDump";
        // With CNI, Istio's template writes the traffic settings as pod annotations (sidecar.istio.io/interceptionMode,
        // traffic.sidecar.istio.io/...) for the CNI plugin; the compiled path does not.
        if (config.Cni) return "cni";
        return null;
    }
}
