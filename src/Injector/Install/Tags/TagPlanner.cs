using Injector.Install.Manifests;
using Injector.Install.Webhooks;
using k8s.Models;

namespace Injector.Install.Tags;

/// <summary>What <c>tag set</c> will do: the tag configuration to write and the default webhooks to deactivate.</summary>
internal sealed record TagSetPlan(
    V1MutatingWebhookConfiguration Tag,
    bool ReplacesExisting,
    IReadOnlyList<V1MutatingWebhookConfiguration> Deactivated);

/// <summary>A tag as found in the cluster.</summary>
internal sealed record TagInfo(string Tag, string Revision, string ConfigurationName);

/// <summary>
/// The decisions behind <c>injector tag</c>, as pure functions over the webhook configurations labelled
/// <c>app=sidecar-injector</c> (ours and Istio's), so they are tested without a cluster.
/// </summary>
internal static class TagPlanner
{
    /// <summary>Revisions: the <c>istio.io/rev</c> label of every configuration that is not a tag.</summary>
    public static SortedSet<string> Revisions(IEnumerable<V1MutatingWebhookConfiguration> configurations)
    {
        var revisions = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var c in configurations)
        {
            var labels = c.Metadata?.Labels;
            if (labels is null || labels.ContainsKey(WebhookSelectors.TagLabel)) continue;
            if (labels.TryGetValue(WebhookSelectors.RevisionLabel, out var revision)) revisions.Add(revision);
        }
        return revisions;
    }

    public static List<TagInfo> Tags(IEnumerable<V1MutatingWebhookConfiguration> configurations)
    {
        var tags = new List<TagInfo>();
        foreach (var c in configurations)
        {
            var labels = c.Metadata?.Labels;
            if (labels is null || !labels.TryGetValue(WebhookSelectors.TagLabel, out var tag)) continue;
            tags.Add(new TagInfo(tag, labels.TryGetValue(WebhookSelectors.RevisionLabel, out var r) ? r : "", c.Metadata!.Name));
        }
        tags.Sort((a, b) => string.CompareOrdinal(a.Tag, b.Tag));
        return tags;
    }

    /// <summary>
    /// Plans <c>tag set T --revision R</c>. Refuses (with <see cref="TagException"/>) a tag that is not a DNS label
    /// or is named like an existing revision (namespaces labelled with it would become ambiguous), a revision that
    /// has no webhook configuration, and overwriting an existing tag without <paramref name="overwrite"/>.
    /// Tag <c>default</c> is the exception to the naming rule: it exists to take over the default revision's role,
    /// so that revision's webhooks are deactivated instead.
    /// </summary>
    public static TagSetPlan PlanSet(string tag, string revision, bool overwrite, IReadOnlyList<V1MutatingWebhookConfiguration> configurations)
    {
        if (!ManifestValidator.IsDnsLabel(tag))
        {
            throw new TagException($"tag '{tag}' must be a DNS label (lower-case letters, digits, '-')");
        }
        var revisions = Revisions(configurations);
        if (tag != WebhookConfigurationBuilder.DefaultTag && revisions.Contains(tag))
        {
            throw new TagException($"'{tag}' is the name of an installed revision; a tag cannot share it");
        }
        var target = RevisionConfiguration(revision, configurations)
            ?? throw new TagException($"revision '{revision}' has no webhook configuration (installed: {Join(revisions)})");
        var settings = WebhookKubeModel.SettingsOf(target)
            ?? throw new TagException($"webhook configuration '{target.Metadata.Name}' has no service-referenced entry to copy");

        var tagName = WebhookConfigurationBuilder.TagConfigurationPrefix + tag;
        var existing = Find(tagName, configurations);
        if (existing is not null && !overwrite)
        {
            var current = existing.Metadata.Labels?.TryGetValue(WebhookSelectors.RevisionLabel, out var r) == true ? r : "?";
            throw new TagException($"tag '{tag}' already points at revision '{current}'; use --overwrite to move it");
        }

        var config = WebhookKubeModel.ToKube(WebhookConfigurationBuilder.ForTag(tag, revision, settings));
        // PUT needs the current resourceVersion: the API server then refuses if someone changed it meanwhile.
        if (existing is not null) config.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;

        var deactivated = new List<V1MutatingWebhookConfiguration>();
        if (tag == WebhookConfigurationBuilder.DefaultTag)
        {
            foreach (var c in configurations)
            {
                if (IsTag(c)) continue;
                if (DeactivateDefaultEntries(c)) deactivated.Add(c);
            }
        }
        return new TagSetPlan(config, existing is not null, deactivated);
    }

    /// <summary>
    /// Points a revision configuration's default-selecting entries at the never-match selector, so the default tag
    /// alone answers them: the legacy entries (<c>namespace.</c>/<c>object.</c>) of any revision, and every entry of
    /// the revision named <c>default</c> (its <c>istio.io/rev=default</c> entries would otherwise fire beside the
    /// tag's and inject twice). The entries stay in place: moving the default back is another <c>tag set default</c>.
    /// Edits <paramref name="configuration"/>; false if nothing changed.
    /// </summary>
    public static bool DeactivateDefaultEntries(V1MutatingWebhookConfiguration configuration)
    {
        var changed = false;
        var isDefaultRevision = configuration.Metadata?.Labels?.TryGetValue(WebhookSelectors.RevisionLabel, out var rev) == true
            && rev == WebhookConfigurationBuilder.DefaultTag;
        foreach (var webhook in configuration.Webhooks ?? [])
        {
            if (!isDefaultRevision && !WebhookConfigurationBuilder.IsDefaultEntry(webhook.Name)) continue;
            if (IsNeverMatch(webhook.NamespaceSelector) && IsNeverMatch(webhook.ObjectSelector)) continue;
            webhook.NamespaceSelector = WebhookKubeModel.ToKube(WebhookSelectors.NeverMatch());
            webhook.ObjectSelector = WebhookKubeModel.ToKube(WebhookSelectors.NeverMatch());
            changed = true;
        }
        return changed;
    }

    /// <summary>The configuration to delete for <c>tag remove T</c>; refuses while namespaces still select the tag.</summary>
    public static V1MutatingWebhookConfiguration PlanRemove(string tag, bool force, IReadOnlyList<V1MutatingWebhookConfiguration> configurations, IReadOnlyList<string> namespacesUsingTag)
    {
        var config = Find(WebhookConfigurationBuilder.TagConfigurationPrefix + tag, configurations);
        if (config is null || !IsTag(config))
        {
            throw new TagException($"tag '{tag}' does not exist");
        }
        if (namespacesUsingTag.Count > 0 && !force)
        {
            throw new TagException($"namespaces still use tag '{tag}': {Join(namespacesUsingTag)}; their new pods would get no sidecar. " +
                "Relabel them first, or use --force");
        }
        return config;
    }

    private static V1MutatingWebhookConfiguration? RevisionConfiguration(string revision, IReadOnlyList<V1MutatingWebhookConfiguration> configurations)
    {
        // Prefer our own name for the revision, then any non-tag configuration labelled with it (e.g. Istio's).
        var own = Find(WebhookSettings.ServiceNameFor(revision), configurations);
        if (own is not null && !IsTag(own)) return own;
        foreach (var c in configurations)
        {
            if (!IsTag(c) && c.Metadata?.Labels?.TryGetValue(WebhookSelectors.RevisionLabel, out var r) == true && r == revision) return c;
        }
        return null;
    }

    private static V1MutatingWebhookConfiguration? Find(string name, IReadOnlyList<V1MutatingWebhookConfiguration> configurations)
    {
        foreach (var c in configurations)
        {
            if (c.Metadata?.Name == name) return c;
        }
        return null;
    }

    private static bool IsTag(V1MutatingWebhookConfiguration c) => c.Metadata?.Labels?.ContainsKey(WebhookSelectors.TagLabel) == true;

    private static bool IsNeverMatch(V1LabelSelector? selector) =>
        selector?.MatchLabels is { } labels && labels.TryGetValue(WebhookSelectors.DeactivatedLabel, out var v) && v == WebhookSelectors.NeverMatchValue;

    private static string Join(IEnumerable<string> values)
    {
        var text = string.Join(", ", values);
        return text.Length == 0 ? "none" : text;
    }
}
