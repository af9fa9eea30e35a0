namespace Injector.Install.Tags;

/// <summary>A tag operation refused for a reason the user can fix; the message says which.</summary>
internal sealed class TagException(string message) : Exception(message);
