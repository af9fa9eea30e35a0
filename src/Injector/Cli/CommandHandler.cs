using System.CommandLine;
using Injector.Common;
using Injector.Kubernetes;
using k8s.Exceptions;

namespace Injector.Cli;

/// <summary>The standard streams a command writes to (the invocation's, so tests capture them).</summary>
internal sealed record CommandIo(TextReader In, TextWriter Out, TextWriter Error);

/// <summary>
/// The one root handler: every verb's action goes through it. It binds the parsed command line to the verb's settings
/// record, runs the command and turns every expected failure into one <c>error: ...</c> line on stderr with exit code
/// 1 (failure) or 2 (bad usage or input); see <see cref="ExitCodes"/>. Anything else is a bug and propagates.
/// </summary>
internal static class CommandHandler
{
    public const string ErrorPrefix = "error: ";

    public static async Task<int> RunAsync<TSettings>(
        ParseResult parse, CancellationToken ct, Func<ParseResult, TSettings> bind, Func<TSettings, CommandIo, CancellationToken, Task<int>> run)
    {
        var io = Io(parse);
        try
        {
            return await run(bind(parse), io, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (Describe(e) is { } failure)
        {
            await io.Error.WriteAsync(Format(failure.Message)).ConfigureAwait(false);
            return failure.ExitCode;
        }
    }

    /// <summary>For the one verb that must run synchronously (<c>serve</c>: it owns SIGTERM).</summary>
    public static int Run<TSettings>(ParseResult parse, Func<ParseResult, TSettings> bind, Func<TSettings, CommandIo, int> run)
    {
        var io = Io(parse);
        try
        {
            return run(bind(parse), io);
        }
        catch (Exception e) when (Describe(e) is { } failure)
        {
            io.Error.Write(Format(failure.Message));
            return failure.ExitCode;
        }
    }

    /// <summary>One <c>error: ...</c> line per line of the message (a command that checks several flags reports each).</summary>
    public static string Format(string message)
    {
        var text = new System.Text.StringBuilder();
        foreach (var line in message.Split('\n')) text.Append(ErrorPrefix).Append(line.TrimEnd('\r')).Append('\n');
        return text.ToString();
    }

    /// <summary>The message and exit code of an expected failure; null for anything else (a bug).</summary>
    public static (string Message, int ExitCode)? Describe(Exception e) => e switch
    {
        CommandException c => (c.Message, c.ExitCode),
        KubeApiException => (e.Message, ExitCodes.Failure),
        KubeConfigException => ("kubeconfig: " + e.Message, ExitCodes.Failure),
        HttpRequestException => ("cannot reach the Kubernetes API server: " + e.Message, ExitCodes.Failure),
        HttpIOException => ("the Kubernetes API server connection broke: " + e.Message, ExitCodes.Failure),
        TaskCanceledException when e.InnerException is TimeoutException => ("the Kubernetes API server did not answer in time", ExitCodes.Failure),
        // Unusable input files: missing, unreadable, or not what they should be (YAML, a revision config).
        InvalidDataException or IOException or UnauthorizedAccessException => (e.Message, ExitCodes.BadInput),
        _ => null,
    };

    /// <summary>
    /// Parse errors (unknown option, missing required option, bad value) are bad usage: one <c>error:</c> line each and
    /// exit 2, instead of the library's help dump and exit 1.
    /// </summary>
    public static int ReportParseErrors(ParseResult parse, TextWriter error)
    {
        foreach (var e in parse.Errors) error.WriteLine(ErrorPrefix + e.Message);
        error.WriteLine("Run '" + CommandPath(parse) + " --help' for usage.");
        return ExitCodes.BadInput;
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? "injector" : result.Command.Name);
        }
        names.Reverse();
        return string.Join(" ", names);
    }

    private static CommandIo Io(ParseResult parse) =>
        new(Console.In, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
}
