using System.Text.Json;

namespace Injector.Injection;

/// <summary>
/// A <c>sidecar.istio.io/userVolumeMount</c> entry must name a volume the injected pod will have: one of the pod's own
/// (not one an earlier injection added and this one removes), or one this injection adds (template volumes and
/// <c>sidecar.istio.io/userVolume</c>). Otherwise the API server refuses the pod with an obscure message, so the
/// admission is denied here with a clear one (found by fuzzing, docs/reliability.md).
/// </summary>
internal static class UserVolumeMountCheck
{
    public static string? Problem(InjectionPlan plan, InjectedSet injected)
    {
        var mounts = plan.UserVolumeMounts;
        if (mounts.ValueKind != JsonValueKind.Object) return null;
        // One set of every volume the pod will have, built once: looking each mount up in the lists made 20,000 mounts
        // against 5,000 volumes quadratic.
        var defined = new HashSet<string>(injected.Volumes, StringComparer.Ordinal);
        if (plan.Pod.Volumes.ValueKind == JsonValueKind.Array)
        {
            foreach (var volume in plan.Pod.Volumes.EnumerateArray())
            {
                plan.Budget.Spend();
                var name = PodView.NameOf(volume);
                if (name.ValueKind == JsonValueKind.String && !plan.Previous.Volumes.Contains(name)) defined.Add(name.GetString()!);
            }
        }
        foreach (var mount in mounts.EnumerateObject())
        {
            plan.Budget.Spend();
            if (defined.Contains(mount.Name)) continue;
            return "annotation \"" + AnnotationNames.UserVolumeMount + "\" mounts volume \""
                + AnnotationValidator.Printable(mount.Name, AnnotationValidator.MaxShownValueLength)
                + "\", which neither spec.volumes nor annotation \"" + AnnotationNames.UserVolume + "\" defines";
        }
        return null;
    }
}
