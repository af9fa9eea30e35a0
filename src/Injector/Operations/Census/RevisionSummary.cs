namespace Injector.Operations.Census;

/// <summary>One row of <c>injector revision list</c>.</summary>
internal sealed record RevisionSummary(
    string Revision,
    IReadOnlyList<string> Tags,
    bool HasWebhook,
    bool Ready,
    IReadOnlyList<string> Namespaces,
    int Pods);
