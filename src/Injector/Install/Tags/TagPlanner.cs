using System.Text.Json.Nodes;
using Injector.Common;
using Injector.Istio;
using Injector.Webhooks;

namespace Injector.Install.Tags;

/// <summary>What <c>tag set</c> will do: the tag configuration to write and the revision configurations to deactivate.</summary>
internal sealed record TagSetPlan(
    WebhookConfiguration Tag,
    bool ReplacesExisting,
    IReadOnlyList<JsonObject> Deactivated)
{
    public JsonObject TagObject => WebhookJsonWriter.Write(Tag);
}

/// <summary>A tag as found in the cluster.</summary>
internal sealed record TagInfo(string Tag, string Revision, string ConfigurationName);

/// <summary>
/// The decisions behind <c>injector tag</c>, as pure functions over the webhook configurations labelled
/// <c>app=sidecar-injector</c> (ours and Istio's), so they are tested without a cluster.
/// </summary>
internal static class TagPlanner
{
    public static List<TagInfo> Tags(IEnumerable<WebhookConfiguration> configurations)
    {
        var tags = new List<TagInfo>();
        foreach (var c in configurations)
        {
            if (c.Tag is { } tag) tags.Add(new TagInfo(tag, c.Revision ?? "", c.Name));
        }
        tags.Sort((a, b) => string.CompareOrdinal(a.Tag, b.Tag));
        return tags;
    }

    /// <summary>
    /// Plans <c>tag set T --revision R</c>. Refuses a tag that is not a DNS label (bad input) or is named like an
    /// installed revision (namespaces labelled with it would become ambiguous), a revision that has no webhook
    /// configuration, and overwriting an existing tag without <paramref name="overwrite"/>. Tag <c>default</c> is the
    /// exception to the naming rule: it takes over the default revision's role, so that revision's entries are
    /// deactivated instead. The tag's entries reach revision R exactly as R's own configuration does
    /// (<see cref="WebhookSettings.CopiedFrom"/>).
    /// </summary>
    public static TagSetPlan PlanSet(string tag, string revision, bool overwrite, IReadOnlyList<WebhookConfiguration> configurations)
    {
        CheckTagName(tag);
        var catalog = new RevisionCatalog(configurations);
        if (tag != WebhookConfigurationBuilder.DefaultTag && catalog.Revisions.Contains(tag))
        {
            throw CommandException.Failure($"'{tag}' is the name of an installed revision; a tag cannot share it");
        }
        var target = RevisionConfiguration(revision, configurations)
            ?? throw CommandException.Failure($"revision '{revision}' has no webhook configuration (installed: {Join(catalog.Revisions)})");
        var settings = WebhookSettings.CopiedFrom(target)
            ?? throw CommandException.Failure($"webhook configuration '{target.Name}' has no *.{IstioNames.InjectorWebhookSuffix} entry with a service or url to copy");

        var existing = Find(WebhookConfigurationBuilder.TagConfigurationName(tag), configurations);
        if (existing is not null && !overwrite)
        {
            throw CommandException.Failure($"tag '{tag}' already points at revision '{existing.Revision ?? "?"}'; use --overwrite to move it");
        }

        // A replace carries the resourceVersion read: the API server then refuses if someone changed it meanwhile.
        var config = WebhookConfigurationBuilder.ForTag(tag, revision, settings) with { ResourceVersion = existing?.ResourceVersion };
        var deactivated = new List<JsonObject>();
        if (tag == WebhookConfigurationBuilder.DefaultTag)
        {
            foreach (var c in configurations)
            {
                if (!c.IsTag && DeactivateDefaultEntries(c) is { } edited) deactivated.Add(edited);
            }
        }
        return new TagSetPlan(config, existing is not null, deactivated);
    }

    /// <summary>
    /// The configuration <c>tag generate</c> prints: from the revision's configuration when one is given (as
    /// <c>tag set</c> writes it), else for our own install of R (<paramref name="fallback"/>).
    /// </summary>
    public static WebhookConfiguration PlanGenerate(string tag, string revision, IReadOnlyList<WebhookConfiguration>? configurations, WebhookSettings fallback)
    {
        CheckTagName(tag);
        if (tag == revision) throw CommandException.BadInput($"tag '{tag}' cannot have the name of the revision it points at");
        if (configurations is null) return WebhookConfigurationBuilder.ForTag(tag, revision, fallback);
        var target = RevisionConfiguration(revision, configurations)
            ?? throw CommandException.Failure($"revision '{revision}' has no webhook configuration (installed: {Join(new RevisionCatalog(configurations).Revisions)})");
        var settings = WebhookSettings.CopiedFrom(target)
            ?? throw CommandException.Failure($"webhook configuration '{target.Name}' has no *.{IstioNames.InjectorWebhookSuffix} entry with a service or url to copy");
        return WebhookConfigurationBuilder.ForTag(tag, revision, settings);
    }

    /// <summary>
    /// A copy of a revision configuration with its default-selecting entries pointed at the never-match selector, so
    /// the default tag alone answers them: the legacy entries (<c>namespace.</c>/<c>object.</c>) of any revision, and
    /// every entry of the revision named <c>default</c> (its <c>istio.io/rev=default</c> entries would otherwise fire
    /// beside the tag's and inject twice). The entries stay in place: moving the default back is another
    /// <c>tag set default</c>. Edits a copy of the object as read, so every other field survives; null if nothing changes.
    /// </summary>
    public static JsonObject? DeactivateDefaultEntries(WebhookConfiguration configuration)
    {
        var edited = (configuration.Source ?? WebhookJsonWriter.Write(configuration)).DeepClone().AsObject();
        var isDefaultRevision = configuration.Labels.TryGetValue(IstioNames.RevisionLabel, out var rev) && rev == IstioNames.DefaultRevision;
        var changed = false;
        if (edited["webhooks"] is not JsonArray webhooks) return null;
        foreach (var node in webhooks)
        {
            if (node is not JsonObject webhook) continue;
            var name = JsonFields.String(webhook["name"]) ?? "";
            if (!isDefaultRevision && !WebhookConfigurationBuilder.IsDefaultEntry(name)) continue;
            if (WebhookSelectors.IsNeverMatch(WebhookJsonReader.ReadSelector(webhook["namespaceSelector"]))
                && WebhookSelectors.IsNeverMatch(WebhookJsonReader.ReadSelector(webhook["objectSelector"]))) continue;
            webhook["namespaceSelector"] = WebhookJsonWriter.Selector(WebhookSelectors.NeverMatch());
            webhook["objectSelector"] = WebhookJsonWriter.Selector(WebhookSelectors.NeverMatch());
            changed = true;
        }
        return changed ? edited : null;
    }

    /// <summary>The configuration to delete for <c>tag remove T</c>; refuses while namespaces still select the tag.</summary>
    public static WebhookConfiguration PlanRemove(string tag, bool force, IReadOnlyList<WebhookConfiguration> configurations, IReadOnlyList<string> namespacesUsingTag)
    {
        var config = Find(WebhookConfigurationBuilder.TagConfigurationName(tag), configurations);
        if (config is null || !config.IsTag)
        {
            throw CommandException.Failure($"tag '{tag}' does not exist");
        }
        if (namespacesUsingTag.Count > 0 && !force)
        {
            throw CommandException.Failure($"namespaces still use tag '{tag}': {Join(namespacesUsingTag)}; their new pods would get no sidecar. " +
                "Relabel them first, or use --force");
        }
        return config;
    }

    private static void CheckTagName(string tag)
    {
        if (!IstioNames.IsDnsLabel(tag))
        {
            throw CommandException.BadInput($"tag '{tag}' must be a DNS label (lower-case letters, digits, '-')");
        }
    }

    private static WebhookConfiguration? RevisionConfiguration(string revision, IReadOnlyList<WebhookConfiguration> configurations)
    {
        // Prefer our own name for the revision, then any non-tag configuration serving it (e.g. Istio's).
        var own = Find(WebhookSettings.ServiceNameFor(revision), configurations);
        if (own is not null && !own.IsTag) return own;
        foreach (var c in configurations)
        {
            if (!c.IsTag && c.Revision == revision) return c;
        }
        return null;
    }

    private static WebhookConfiguration? Find(string name, IReadOnlyList<WebhookConfiguration> configurations)
    {
        foreach (var c in configurations)
        {
            if (c.Name == name) return c;
        }
        return null;
    }

    private static string Join(IEnumerable<string> values)
    {
        var text = string.Join(", ", values);
        return text.Length == 0 ? "none" : text;
    }
}
