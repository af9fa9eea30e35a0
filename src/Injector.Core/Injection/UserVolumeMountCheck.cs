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
        foreach (var mount in mounts.EnumerateObject())
        {
            if (PreviousInjection.Contains(injected.Volumes, mount.Name) || KeptPodVolume(plan, mount.Name)) continue;
            return "annotation \"" + AnnotationNames.UserVolumeMount + "\" mounts volume \""
                + AnnotationValidator.Printable(mount.Name, AnnotationValidator.MaxShownValueLength)
                + "\", which neither spec.volumes nor annotation \"" + AnnotationNames.UserVolume + "\" defines";
        }
        return null;
    }

    private static bool KeptPodVolume(InjectionPlan plan, string name)
    {
        if (plan.Pod.Volumes.ValueKind != JsonValueKind.Array || PreviousInjection.Contains(plan.Previous.Volumes, name)) return false;
        foreach (var volume in plan.Pod.Volumes.EnumerateArray())
        {
            if (PodView.IsNamed(volume, name)) return true;
        }
        return false;
    }
}
