namespace Injector.Istio.Install;

/// <summary>An install input that cannot be used: an unreadable file, invalid YAML or JSON, a <c>--set</c> that does
/// not parse, or a value path istioctl would refuse. The message names the file, flag or value path.</summary>
public sealed class InstallInputException : Exception
{
    public InstallInputException(string message) : base(message)
    {
    }
}
