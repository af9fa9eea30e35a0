namespace Injector.Install.Webhooks;

/// <summary>
/// Builds the MutatingWebhookConfiguration of a revision (<c>injector-R</c>) or of a tag (<c>injector-revision-tag-T</c>).
/// Entry names and selector shapes are Istio's, so existing namespace and pod labels keep working.
/// </summary>
internal static class WebhookConfigurationBuilder
{
    public const string AppLabelValue = "sidecar-injector";
    public const string TagConfigurationPrefix = "injector-revision-tag-";
    public const string DefaultTag = "default";

    public const string RevisionNamespaceEntry = "rev.namespace.sidecar-injector.istio.io";
    public const string RevisionObjectEntry = "rev.object.sidecar-injector.istio.io";
    public const string DefaultNamespaceEntry = "namespace.sidecar-injector.istio.io";
    public const string DefaultObjectEntry = "object.sidecar-injector.istio.io";

    /// <summary>The revision's own configuration; <paramref name="isDefault"/> adds the legacy <c>namespace.</c>/<c>object.</c> entries.</summary>
    public static WebhookConfigurationSpec ForRevision(string revision, WebhookSettings settings, bool isDefault) => new(
        WebhookSettings.ServiceNameFor(revision),
        [new("app", AppLabelValue), new(WebhookSelectors.RevisionLabel, revision)],
        settings,
        Entries(revision, settings, isDefault));

    /// <summary>
    /// A tag: the same entries, matching <c>istio.io/rev=T</c>, served by revision <paramref name="revision"/>.
    /// Tag <c>default</c> also answers the legacy labels, since it names the default revision.
    /// </summary>
    public static WebhookConfigurationSpec ForTag(string tag, string revision, WebhookSettings settings) => new(
        TagConfigurationPrefix + tag,
        [new("app", AppLabelValue), new(WebhookSelectors.RevisionLabel, revision), new(WebhookSelectors.TagLabel, tag)],
        settings,
        Entries(tag, settings, tag == DefaultTag));

    public static bool IsDefaultEntry(string entryName) => entryName is DefaultNamespaceEntry or DefaultObjectEntry;

    private static List<WebhookEntrySpec> Entries(string selectedBy, WebhookSettings settings, bool isDefault)
    {
        var excluded = settings.ExcludedNamespaces;
        var entries = new List<WebhookEntrySpec>
        {
            new(RevisionNamespaceEntry,
                WebhookSelectors.ExcludingNamespaces(WebhookSelectors.RevisionNamespace(selectedBy), excluded),
                WebhookSelectors.NotOptedOut()),
            new(RevisionObjectEntry,
                WebhookSelectors.ExcludingNamespaces(WebhookSelectors.RevisionObjectNamespace(), excluded),
                WebhookSelectors.RevisionObject(selectedBy)),
        };
        if (isDefault)
        {
            entries.Add(new(DefaultNamespaceEntry,
                WebhookSelectors.ExcludingNamespaces(WebhookSelectors.DefaultNamespace(), excluded),
                WebhookSelectors.NotOptedOut()));
            entries.Add(new(DefaultObjectEntry,
                WebhookSelectors.ExcludingNamespaces(WebhookSelectors.DefaultObjectNamespace(), excluded),
                WebhookSelectors.DefaultObject()));
        }
        return entries;
    }
}
