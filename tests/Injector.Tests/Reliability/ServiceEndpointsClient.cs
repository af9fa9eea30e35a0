using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Injector.Tests.Integration;

namespace Injector.Tests.Reliability;

/// <summary>
/// A caller of a webhook Service with two endpoints, retrying the way kube-apiserver's client does. Requests go to
/// the first endpoint while it accepts connections. A request whose connection fails or ends before any response
/// byte (refused, reset, closed, HTTP/2 GOAWAY) is sent again on a new connection; a refused connection moves this
/// caller to the second endpoint for good. An answer is never retried, whatever its status, nor is a failure after
/// the response began. Keep-alive connections are reused as usual (one <see cref="HttpClient"/> per endpoint).
/// </summary>
internal sealed class ServiceEndpointsClient : IDisposable
{
    private const int MaxAttempts = 5;
    private readonly HttpClient[] _endpoints;
    private readonly ConcurrentDictionary<string, int> _retries;
    private readonly HandshakeLog[] _handshakes = [new(), new()];
    private volatile int _current;

    /// <summary>Marks retries of a request sent on a keep-alive connection that had already served an answer.</summary>
    public const string ReusedConnection = "reused connection";

    /// <param name="retries">Shared tally of retries by endpoint and reason, for the test's report.</param>
    public ServiceEndpointsClient(InjectorProcess first, InjectorProcess second, Version version, ConcurrentDictionary<string, int> retries)
    {
        _retries = retries;
        _endpoints =
        [
            first.CreateClient(version, _handshakes[0].Record),
            second.CreateClient(version, _handshakes[1].Record),
        ];
    }

    /// <summary>TLS handshakes made to each endpoint: one per connection opened.</summary>
    public int ConnectionsTo(int endpoint) => _handshakes[endpoint].Count;

    /// <summary>Answers that came with <c>Connection: close</c>, by endpoint.</summary>
    public int[] ClosingAnswers { get; } = new int[2];

    /// <summary>Posts <paramref name="body"/> to /inject; returns which endpoint (0 or 1) answered, and its answer.</summary>
    public async Task<(int Endpoint, HttpStatusCode Status, JsonElement Review)> PostAsync(byte[] body)
    {
        for (var attempt = 1; ; attempt++)
        {
            var endpoint = _current;
            var connectionsBefore = _handshakes[endpoint].Count;
            HttpResponseMessage response;
            try
            {
                var request = AdmissionRequests.Post("/inject", body);
                request.Version = _endpoints[endpoint].DefaultRequestVersion;
                request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
                response = await _endpoints[endpoint].SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            }
            catch (HttpRequestException e) when (attempt < MaxAttempts)
            {
                var refused = e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };
                if (refused) _current = 1;
                // Requests are sequential per caller, so a handshake during this attempt means it used a new connection.
                var newConnection = refused || _handshakes[endpoint].Count > connectionsBefore
                    || e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError;
                var key = (endpoint == 0 ? "A" : "B") + (newConnection ? " new connection: " : " " + ReusedConnection + ": ") + Reason(e, refused);
                _retries.AddOrUpdate(key, 1, (_, count) => count + 1);
                continue;
            }
            using (response)
            {
                if (response.Headers.ConnectionClose == true) Interlocked.Increment(ref ClosingAnswers[endpoint]);
                // The response has begun: a failure from here on is the caller's failure, not retried.
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", "not JSON: " + (int)response.StatusCode + " " + text);
                return (endpoint, response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
            }
        }
    }

    public void Dispose()
    {
        foreach (var client in _endpoints) client.Dispose();
    }

    private static string Reason(HttpRequestException e, bool refused) =>
        refused ? "refused" : e.HttpRequestError + " (" + (e.InnerException?.Message ?? e.Message) + ")";
}
