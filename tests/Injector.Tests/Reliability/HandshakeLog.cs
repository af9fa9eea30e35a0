using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;

namespace Injector.Tests.Reliability;

/// <summary>
/// The server certificate of every TLS handshake one client makes, in order: one entry per connection it opened.
/// Pass <see cref="Record"/> as the client's certificate callback.
/// </summary>
internal sealed class HandshakeLog
{
    private readonly ConcurrentQueue<string> _thumbprints = new();

    public int Count => _thumbprints.Count;

    public string[] Thumbprints => [.. _thumbprints];

    public bool Record(X509Certificate? certificate)
    {
        _thumbprints.Enqueue(certificate!.GetCertHashString());
        return true;
    }
}
