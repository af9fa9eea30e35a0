using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;

namespace Injector.Kubernetes;

/// <summary>
/// A thin REST client over the connection a kubeconfig describes (<see cref="KubeTransport"/>).
/// Why not the typed API: under Native AOT every typed call goes through KubernetesJson, whose source-generated
/// context covers every Kubernetes model and roots them all in the binary. The operations commands touch a handful
/// of fields on a handful of kinds, so they read and write <see cref="JsonNode"/> instead.
/// </summary>
internal sealed class KubeApi
{
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string JsonPatch = "application/json-patch+json";

    private readonly HttpClient _http;
    private readonly HttpClient _streams;
    private readonly KubeTransport _transport;

    private KubeApi(KubeTransport transport)
    {
        _transport = transport;
        _http = new HttpClient(transport.Handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
        // Watches stay open for minutes: bounded by the server's timeoutSeconds and the caller's token instead.
        _streams = new HttpClient(transport.Handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The API server's address (for logs).</summary>
    public Uri BaseUri => _transport.BaseUri;

    /// <summary>GET a collection page as a document (the caller reads <c>items</c>, <c>metadata.resourceVersion</c> and
    /// <c>metadata.continue</c>, and disposes it). Throws <see cref="KubeApiException"/> on an error status.</summary>
    public async Task<System.Text.Json.JsonDocument> GetDocumentAsync(string pathAndQuery, CancellationToken ct)
    {
        using var response = await SendStreamingAsync(_http, pathAndQuery, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            EnsureSuccess(HttpMethod.Get, pathAndQuery, response.StatusCode, text);
        }
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await System.Text.Json.JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new KubeApiException(HttpStatusCode.OK, pathAndQuery + ": response is not valid JSON (" + e.Message + ")");
            }
        }
    }

    /// <summary>GET a watch (<c>?watch=true...</c>): the open response, its body the API server's stream of events,
    /// one JSON object a line. Throws <see cref="KubeApiException"/> on an error status.</summary>
    public async Task<HttpResponseMessage> OpenWatchAsync(string pathAndQuery, CancellationToken ct)
    {
        var response = await SendStreamingAsync(_streams, pathAndQuery, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            EnsureSuccess(HttpMethod.Get, pathAndQuery, response.StatusCode, text);
            throw new InvalidOperationException("unreachable");
        }
    }

    private async Task<HttpResponseMessage> SendStreamingAsync(HttpClient client, string pathAndQuery, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_transport.BaseUri, pathAndQuery.TrimStart('/')));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_transport.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, ct).ConfigureAwait(false);
        }
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
    }

    public static KubeApi Create(KubernetesClientConfiguration configuration) => new(KubeTransport.Create(configuration));

    /// <summary>GET an object; null when it does not exist (404).</summary>
    public async Task<JsonObject?> GetAsync(string path, CancellationToken ct)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, path, null, null, ct).ConfigureAwait(false);
        if (status == HttpStatusCode.NotFound) return null;
        EnsureSuccess(HttpMethod.Get, path, status, body);
        return ParseObject(path, body);
    }

    /// <summary>GET a collection and return its <c>items</c>.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(string path, CancellationToken ct)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, path, null, null, ct).ConfigureAwait(false);
        EnsureSuccess(HttpMethod.Get, path, status, body);
        var list = ParseObject(path, body);
        var items = new List<JsonObject>();
        if (list["items"] is JsonArray array)
        {
            foreach (var item in array)
            {
                if (item is JsonObject o) items.Add(o);
            }
        }
        return items;
    }

    /// <summary>POST a new object. Returns null on 409 Conflict (it already exists) so callers can read the winner.</summary>
    public async Task<JsonObject?> CreateAsync(string collectionPath, JsonObject body, CancellationToken ct)
    {
        var (status, text) = await SendAsync(HttpMethod.Post, collectionPath, body.ToJsonString(), "application/json", ct).ConfigureAwait(false);
        if (status == HttpStatusCode.Conflict) return null;
        EnsureSuccess(HttpMethod.Post, collectionPath, status, text);
        return ParseObject(collectionPath, text);
    }

    /// <summary>PUT an object (optimistic concurrency through its resourceVersion). Returns null on 409 Conflict.</summary>
    public async Task<JsonObject?> ReplaceAsync(string path, JsonObject body, CancellationToken ct)
    {
        var (status, text) = await SendAsync(HttpMethod.Put, path, body.ToJsonString(), "application/json", ct).ConfigureAwait(false);
        if (status == HttpStatusCode.Conflict) return null;
        EnsureSuccess(HttpMethod.Put, path, status, text);
        return ParseObject(path, text);
    }

    /// <summary>DELETE an object; false when it was already gone (404).</summary>
    public async Task<bool> DeleteAsync(string path, CancellationToken ct)
    {
        var (status, text) = await SendAsync(HttpMethod.Delete, path, null, null, ct).ConfigureAwait(false);
        if (status == HttpStatusCode.NotFound) return false;
        EnsureSuccess(HttpMethod.Delete, path, status, text);
        return true;
    }

    public async Task<JsonObject> PatchAsync(string path, JsonNode patch, string contentType, CancellationToken ct)
    {
        var (status, text) = await SendAsync(HttpMethod.Patch, path, patch.ToJsonString(), contentType, ct).ConfigureAwait(false);
        EnsureSuccess(HttpMethod.Patch, path, status, text);
        return ParseObject(path, text);
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string? body, string? contentType, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(_transport.BaseUri, path.TrimStart('/')));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
        }
        if (_transport.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, ct).ConfigureAwait(false);
        }
        using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        return (response.StatusCode, text);
    }

    private static void EnsureSuccess(HttpMethod method, string path, HttpStatusCode status, string body)
    {
        if ((int)status is >= 200 and < 300) return;
        throw new KubeApiException(status, method.Method + " " + path + ": " + DescribeStatus(status, body));
    }

    /// <summary>The API server's Status message when there is one, else the HTTP status.</summary>
    private static string DescribeStatus(HttpStatusCode status, string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject o && o["message"] is JsonValue message)
            {
                return (int)status + " " + message.GetValue<string>();
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not a Status object: fall through to the bare status code.
        }
        return (int)status + " " + status;
    }

    private static JsonObject ParseObject(string path, string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw new KubeApiException(HttpStatusCode.OK, path + ": response is not a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new KubeApiException(HttpStatusCode.OK, path + ": response is not valid JSON (" + e.Message + ")");
        }
    }
}
