namespace Injector.Webhooks;

/// <summary>One <c>rules[]</c> entry: which operations on which resources send a request to the webhook.</summary>
internal sealed record WebhookRule(
    IReadOnlyList<string> Operations,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> ApiVersions,
    IReadOnlyList<string> Resources)
{
    /// <summary>What every injector entry we write has: CREATE of core v1 pods.</summary>
    public static WebhookRule PodCreate { get; } = new(["CREATE"], [""], ["v1"], ["pods"]);

    /// <summary>True when a pod CREATE (core group, v1) is sent to the webhook; <c>*</c> is a wildcard in every list.</summary>
    public bool MatchesPodCreate() =>
        ContainsOrWildcard(Operations, "CREATE")
        && ContainsOrWildcard(ApiGroups, "")
        && ContainsOrWildcard(ApiVersions, "v1")
        && (ContainsOrWildcard(Resources, "pods") || Resources.Contains("*/*"));

    private static bool ContainsOrWildcard(IReadOnlyList<string> values, string wanted)
    {
        foreach (var value in values)
        {
            if (value == "*" || string.Equals(value, wanted, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
