namespace Injector.Injection;

/// <summary>The bounded set of skip labels (safe as metric tag values).</summary>
public static class SkipReasons
{
    public const string NotPod = "not_pod";
    public const string HostNetwork = "host_network";
    public const string IgnoredNamespace = "ignored_namespace";
    public const string PodLabel = "pod_label";
    public const string PodAnnotation = "pod_annotation";
    public const string NeverInjectSelector = "never_inject_selector";
    public const string PolicyDisabled = "policy_disabled";

    /// <summary>Skipped, for a reason outside this set (a metric label must come from a bounded set).</summary>
    public const string Other = "skipped";

    /// <summary>The metric label for a skip reason: itself when it is one of the labels above, else <see cref="Other"/>.</summary>
    public static string Label(string reason) => reason switch
    {
        NotPod or HostNetwork or IgnoredNamespace or PodLabel or PodAnnotation or NeverInjectSelector or PolicyDisabled => reason,
        _ => Other,
    };
}
