using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Injector.Tests.Integration;

/// <summary>
/// Which addresses of this machine a port can be reached on. Connecting to one of our own non-loopback addresses
/// still travels over the kernel's loopback path, but the destination address is kept, so a socket bound to
/// 127.0.0.1 refuses it exactly as it would refuse another machine.
/// </summary>
internal static class NetworkProbe
{
    private static readonly TimeSpan ConnectWait = TimeSpan.FromSeconds(5);

    /// <summary>An IPv4 address of an interface that is up and is not loopback, or null when the machine has none.</summary>
    public static IPAddress? NonLoopbackIPv4 { get; } = Find(AddressFamily.InterNetwork);

    /// <summary>A global or unique-local IPv6 address (not loopback, not link-local), or null.</summary>
    public static IPAddress? NonLoopbackIPv6 { get; } = Find(AddressFamily.InterNetworkV6);

    /// <summary>Whether ::1 can be bound here (containers sometimes run without IPv6).</summary>
    public static bool HasIPv6Loopback { get; } = CanBind(IPAddress.IPv6Loopback);

    /// <summary>True when a TCP connection to the address and port is accepted, false when it is refused.</summary>
    public static async Task<bool> AcceptsAsync(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(ConnectWait);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return false;
        }
        // A timeout or any other error propagates: only an explicit refusal proves "not bound there".
    }

    /// <summary>
    /// Proves the probe itself can reach <paramref name="address"/>: a listener on every interface accepts a connection
    /// made to it. Without this a refusal could come from the network, not from the server's binding.
    /// </summary>
    public static async Task AssertReachableAsync(IPAddress address)
    {
        var any = address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        var listener = new TcpListener(any, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            Assert.True(await AcceptsAsync(address, port), "the test cannot reach " + address + " at all");
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>GET <paramref name="path"/> over plain HTTP on that address; the status and the body.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> GetAsync(IPAddress address, int port, string path)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        using var response = await client.GetAsync(Url("http", address, port, path));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static Uri Url(string scheme, IPAddress address, int port, string path)
    {
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();
        return new Uri(scheme + "://" + host + ":" + port + path);
    }

    /// <summary>Sum of every series of a Prometheus counter whose line contains all <paramref name="labels"/>.</summary>
    public static double CounterSum(string exposition, string name, params string[] labels) =>
        Regex.Matches(exposition, "(?m)^" + Regex.Escape(name) + @"(?:\{([^}]*)\})? (\S+)")
            .Where(match => labels.All(match.Groups[1].Value.Contains))
            .Sum(match => double.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));

    private static bool CanBind(IPAddress address)
    {
        try
        {
            var listener = new TcpListener(address, 0);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static IPAddress? Find(AddressFamily family)
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback) continue;
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                var address = unicast.Address;
                if (address.AddressFamily != family || IPAddress.IsLoopback(address)) continue;
                if (address.IsIPv6LinkLocal || address.IsIPv6Multicast) continue;
                return address;
            }
        }
        return null;
    }
}

/// <summary>
/// A fact that needs a non-loopback IPv4 address on this machine. xunit 2 has no skip from inside a test, so the
/// decision is made when the test is discovered; on a machine with only loopback the test is reported as skipped
/// with this reason instead of passing vacuously.
/// </summary>
public sealed class NonLoopbackIPv4FactAttribute : FactAttribute
{
    public NonLoopbackIPv4FactAttribute()
    {
        if (NetworkProbe.NonLoopbackIPv4 is null)
        {
            Skip = "this machine has no non-loopback IPv4 address, so a loopback-only binding cannot be told apart from an all-interfaces one";
        }
    }
}
