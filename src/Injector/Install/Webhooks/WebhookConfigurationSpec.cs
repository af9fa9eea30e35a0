using Injector.Selectors;

namespace Injector.Install.Webhooks;

/// <summary>One entry (<c>webhooks[i]</c>) of a MutatingWebhookConfiguration: its name and its two selectors.</summary>
internal sealed record WebhookEntrySpec(string Name, LabelSelector NamespaceSelector, LabelSelector ObjectSelector);

/// <summary>
/// A MutatingWebhookConfiguration as we install it: our own small model, turned into YAML by
/// <see cref="WebhookYaml"/> and into the Kubernetes client's type by <see cref="WebhookKubeModel"/>.
/// </summary>
internal sealed record WebhookConfigurationSpec(
    string Name,
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    WebhookSettings Settings,
    IReadOnlyList<WebhookEntrySpec> Entries);
