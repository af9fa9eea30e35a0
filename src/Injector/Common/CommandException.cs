namespace Injector.Common;

/// <summary>
/// The one expected failure of every command: a message for the operator (one line, no stack trace) and whether it is
/// a failure (exit 1) or bad usage or input (exit 2). Thrown anywhere below the command line; the root handler
/// (<c>Cli/CommandHandler</c>) prints it. Anything else that escapes is a bug.
/// </summary>
internal sealed class CommandException : Exception
{
    private CommandException(string message, int exitCode) : base(message) => ExitCode = exitCode;

    public int ExitCode { get; }

    /// <summary>A refusal or failure in the world the command acts on: an unknown revision, a missing namespace, a conflict.</summary>
    public static CommandException Failure(string message) => new(message, ExitCodes.Failure);

    /// <summary>The command line or an input file is wrong: a bad flag value, an unreadable or invalid file.</summary>
    public static CommandException BadInput(string message) => new(message, ExitCodes.BadInput);
}
