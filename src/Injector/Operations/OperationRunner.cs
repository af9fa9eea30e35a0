using System.CommandLine;
using Injector.Kubernetes;
using k8s.Exceptions;

namespace Injector.Operations;

/// <summary>
/// Runs an operations command and turns the failures an operator can meet (refusals, API errors, unreachable
/// server, bad kubeconfig, unreadable files) into one "error: ..." line on stderr and exit code 1. Anything else is a bug
/// and is left to propagate.
/// </summary>
internal static class OperationRunner
{
    public const int Failed = 1;

    public static async Task<int> RunAsync(ParseResult parseResult, CancellationToken ct, Func<TextWriter, CancellationToken, Task<int>> body)
    {
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            return await body(parseResult.InvocationConfiguration.Output, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            await error.WriteLineAsync("error: " + message).ConfigureAwait(false);
            return Failed;
        }
    }

    private static string? Describe(Exception e) => e switch
    {
        OperationException => e.Message,
        KubeApiException => e.Message,
        KubeConfigException => "kubeconfig: " + e.Message,
        HttpRequestException => "cannot reach the Kubernetes API server: " + e.Message,
        TaskCanceledException when e.InnerException is TimeoutException => "the Kubernetes API server did not answer in time",
        FormatException => e.Message,
        InvalidDataException => e.Message,
        IOException => e.Message,
        UnauthorizedAccessException => e.Message,
        _ => null,
    };
}
