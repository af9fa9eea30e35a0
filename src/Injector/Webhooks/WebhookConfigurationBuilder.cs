using Injector.Istio;

namespace Injector.Webhooks;

/// <summary>
/// Builds the MutatingWebhookConfiguration of a revision (<c>injector-R</c>) or of a tag (<c>injector-revision-tag-T</c>).
/// Entry names and selector shapes are Istio's, so existing namespace and pod labels keep working.
/// </summary>
internal static class WebhookConfigurationBuilder
{
    public const string TagConfigurationPrefix = "injector-revision-tag-";
    public const string DefaultTag = IstioNames.DefaultRevision;

    /// <summary>The revision's own configuration; <paramref name="isDefault"/> adds the legacy <c>namespace.</c>/<c>object.</c> entries.</summary>
    public static WebhookConfiguration ForRevision(string revision, WebhookSettings settings, bool isDefault) => new(
        WebhookSettings.ServiceNameFor(revision),
        new Dictionary<string, string> { [IstioNames.AppLabel] = IstioNames.SidecarInjectorApp, [IstioNames.RevisionLabel] = revision },
        Entries(revision, settings, isDefault))
    {
        Annotations = ToMap(settings.Annotations),
    };

    /// <summary>
    /// A tag: the same entries, matching <c>istio.io/rev=T</c>, served by revision <paramref name="revision"/> through
    /// <paramref name="settings"/> (copied from the revision's configuration when it is installed). Tag <c>default</c>
    /// also answers the legacy labels, since it names the default revision.
    /// </summary>
    public static WebhookConfiguration ForTag(string tag, string revision, WebhookSettings settings) => new(
        TagConfigurationName(tag),
        new Dictionary<string, string>
        {
            [IstioNames.AppLabel] = IstioNames.SidecarInjectorApp,
            [IstioNames.RevisionLabel] = revision,
            [IstioNames.TagLabel] = tag,
        },
        Entries(tag, settings, tag == DefaultTag))
    {
        Annotations = ToMap(settings.Annotations),
    };

    public static string TagConfigurationName(string tag) => TagConfigurationPrefix + tag;

    public static bool IsDefaultEntry(string entryName) => entryName is IstioNames.DefaultNamespaceWebhook or IstioNames.DefaultObjectWebhook;

    private static List<MutatingWebhook> Entries(string selectedBy, WebhookSettings settings, bool isDefault)
    {
        var excluded = settings.ExcludedNamespaces;
        var entries = new List<MutatingWebhook>
        {
            Entry(IstioNames.RevisionNamespaceWebhook, settings,
                WebhookSelectors.ExcludingNamespaces(WebhookSelectors.RevisionNamespace(selectedBy), excluded),
                WebhookSelectors.NotOptedOut()),
            Entry(IstioNames.RevisionObjectWebhook, settings,
                WebhookSelectors.ExcludingNamespaces(WebhookSelectors.RevisionObjectNamespace(), excluded),
                WebhookSelectors.RevisionObject(selectedBy)),
        };
        if (isDefault)
        {
            entries.Add(Entry(IstioNames.DefaultNamespaceWebhook, settings,
                WebhookSelectors.ExcludingNamespaces(WebhookSelectors.DefaultNamespace(), excluded),
                WebhookSelectors.NotOptedOut()));
            entries.Add(Entry(IstioNames.DefaultObjectWebhook, settings,
                WebhookSelectors.ExcludingNamespaces(WebhookSelectors.DefaultObjectNamespace(), excluded),
                WebhookSelectors.DefaultObject()));
        }
        return entries;
    }

    private static MutatingWebhook Entry(string name, WebhookSettings settings, Selectors.LabelSelector namespaceSelector, Selectors.LabelSelector objectSelector) =>
        new(name, settings.ClientConfig, [WebhookRule.PodCreate], namespaceSelector, objectSelector)
        {
            ReinvocationPolicy = settings.ReinvocationPolicy,
            TimeoutSeconds = settings.TimeoutSeconds,
        };

    private static Dictionary<string, string> ToMap(IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs) map[key] = value;
        return map;
    }
}
