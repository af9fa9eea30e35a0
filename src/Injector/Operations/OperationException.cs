namespace Injector.Operations;

/// <summary>An expected refusal or failure with a message for the operator (not a bug): printed, exit code 1.</summary>
internal sealed class OperationException(string message) : Exception(message);
