using System.Buffers;
using System.Text.Json;

namespace Injector.Injection;

/// <summary>The one injection core, shared by the webhook and <c>injector kube-inject</c>.</summary>
public static class SidecarInjector
{
    /// <summary>
    /// Decides for one pod and, when it injects, writes an RFC 6902 JSON Patch (a JSON array) to
    /// <paramref name="patch"/> that applies cleanly to <paramref name="pod"/> as sent.
    /// </summary>
    public static InjectionResult Inject(JsonElement pod, in InjectionParameters parameters, CompiledRevision revision, IBufferWriter<byte> patch)
    {
        // Placeholder until the engine lands: never patch.
        return InjectionResult.Skipped("not_implemented");
    }
}
