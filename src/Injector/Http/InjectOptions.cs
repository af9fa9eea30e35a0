using Injector.Limits;

namespace Injector.Http;

/// <summary>Limits of the <c>/inject</c> endpoint, set from <c>injector serve</c> flags (defaults and reasons: <see cref="InputLimits"/>).</summary>
internal sealed class InjectOptions
{
    public const long DefaultMaxBodyBytes = InputLimits.DefaultMaxBodyBytes;

    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>Request-body bytes all requests together may buffer (<see cref="InputLimits.MaxBufferedBodyBytes"/>).</summary>
    public long MaxBufferedBodyBytes { get; init; } = InputLimits.MaxBufferedBodyBytes;
}
