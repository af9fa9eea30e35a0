using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Injector.Hosting;

/// <summary>Binds a port on the address given by <c>--listen</c>: <c>*</c> (every interface), <c>localhost</c>, or an IP.</summary>
internal static class ListenAddress
{
    public static bool IsValid(string address) =>
        address is "*" or "localhost" || IPAddress.TryParse(address, out _);

    public static void Bind(KestrelServerOptions kestrel, string address, int port, Action<ListenOptions> configure)
    {
        if (address == "*") kestrel.ListenAnyIP(port, configure);
        else if (address == "localhost") kestrel.ListenLocalhost(port, configure);
        else kestrel.Listen(IPAddress.Parse(address), port, configure);
    }
}
