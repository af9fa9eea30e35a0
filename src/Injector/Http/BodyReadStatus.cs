namespace Injector.Http;

internal enum BodyReadStatus
{
    Complete,
    /// <summary>Past <c>--max-body-bytes</c>.</summary>
    TooLarge,
    /// <summary>The request's time budget ran out before the body was complete.</summary>
    TimedOut,
    /// <summary>All requests together already buffer <see cref="Limits.InputLimits.MaxBufferedBodyBytes"/>.</summary>
    Overloaded,
}
