namespace Injector.Istio.Mesh;

/// <summary>Mesh or proxy configuration that Istio would refuse. The message names the field path first
/// (<c>meshConfig.defaultConfig.drainDuration: bad Duration: ...</c>), then Istio's own reason.</summary>
public sealed class MeshConfigException : Exception
{
    public MeshConfigException(string message) : base(message)
    {
    }
}
