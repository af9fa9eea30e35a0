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
}
