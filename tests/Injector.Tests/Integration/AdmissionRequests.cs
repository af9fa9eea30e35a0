using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Injector.Tests.Integration;

/// <summary>Builds /inject requests the way kube-apiserver sends them, and reads the answers.</summary>
internal static class AdmissionRequests
{
    public static HttpRequestMessage Post(string path, byte[] body, string contentType = "application/json") =>
        Post(path, new ByteArrayContent(body), contentType);

    public static HttpRequestMessage Post(string path, HttpContent content, string contentType = "application/json")
    {
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    /// <summary>Sends with the client's HTTP version (SendAsync otherwise uses the message's own, 1.1).</summary>
    public static Task<HttpResponseMessage> SendRawAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        request.Version = client.DefaultRequestVersion;
        request.VersionPolicy = client.DefaultVersionPolicy;
        return client.SendAsync(request, cancellationToken);
    }

    public static async Task<(HttpStatusCode Status, JsonElement Review, Version Version)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await SendRawAsync(client, request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", "not JSON: " + (int)response.StatusCode + " " + text);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response.Version);
    }
}

/// <summary>A body sent in tiny pieces with a flush after each, so the server sees many small reads (chunked on HTTP/1.1).</summary>
internal sealed class TrickleContent(byte[] body, int chunkSize, TimeSpan pause = default) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < body.Length; offset += chunkSize)
        {
            await stream.WriteAsync(body.AsMemory(offset, Math.Min(chunkSize, body.Length - offset)));
            await stream.FlushAsync();
            if (pause > TimeSpan.Zero) await Task.Delay(pause);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
