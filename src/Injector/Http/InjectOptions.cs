namespace Injector.Http;

/// <summary>Limits of the <c>/inject</c> endpoint, set from <c>injector serve</c> flags.</summary>
internal sealed class InjectOptions
{
    /// <summary>
    /// Default 6 MiB: etcd stores objects up to 1.5 MiB by default (3 MiB at most when raised) and the
    /// AdmissionReview carries the object once more for UPDATE plus JSON escaping, so 6 MiB holds any pod
    /// the API server could accept while bounding memory per request.
    /// </summary>
    public const long DefaultMaxBodyBytes = 6_291_456;

    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;
}
