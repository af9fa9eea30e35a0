namespace Injector.Templates.Values;

/// <summary>
/// A Go method bound to its receiver. Arguments and result are in the <see cref="GoValue"/> model; a method that
/// returns <c>(T, error)</c> in Go throws <see cref="GoCallException"/> for the error.
/// </summary>
public delegate object? GoMethod(ReadOnlySpan<object?> arguments);

/// <summary>An error a function or method returns (Go's non-nil <c>error</c> result); the engine reports it with the
/// template position, as Go's <c>error calling X: ...</c>.</summary>
public sealed class GoCallException(string message) : Exception(message);
