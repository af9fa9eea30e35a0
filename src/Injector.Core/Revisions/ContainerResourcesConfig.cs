namespace Injector.Revisions;

/// <summary>A container's <c>resources</c> (requests and limits), as quantities such as <c>100m</c> or <c>1Gi</c>;
/// immutable, in the order the file gives them.</summary>
public sealed record ContainerResourcesConfig(IReadOnlyDictionary<string, string>? Requests, IReadOnlyDictionary<string, string>? Limits)
{
    internal static ContainerResourcesConfig? From(ContainerResourcesDocument? d) => d is null ? null : new(
        d.Requests is { } requests ? new Dictionary<string, string>(requests) : null,
        d.Limits is { } limits ? new Dictionary<string, string>(limits) : null);
}
