namespace Injector.Templates.Execution;

/// <summary>A limit of <see cref="TemplateExecutionLimits"/> was reached inside a function or the printer; the
/// executor reports it with the template position.</summary>
internal sealed class TemplateLimitException(string message) : Exception(message);
