using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Injector.Kubernetes.ClusterFacts;

/// <summary>
/// A list+watch of one cluster-scoped collection (an informer's loop, as istiod's): lists it in pages, publishes a
/// read-only snapshot of the projected objects, then follows the watch from the list's resourceVersion, publishing a
/// new snapshot only when a projected value changes. A watch that ends is resumed; one the server has expired (410)
/// lists again. Any failure keeps the last snapshot, is logged once per change of state and retried with backoff
/// (<see cref="InitialBackoff"/> doubling to <see cref="MaxBackoff"/>); nothing here throws to its caller but cancellation.
/// </summary>
internal sealed class ResourceWatch<T>(
    KubeApi api, string resource, string collectionPath, Func<JsonElement, T> project, IEqualityComparer<T> comparer,
    Action<ImmutableDictionary<string, T>> publish, ILogger logger)
{
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The server ends each watch after this long (a random spread, as client-go's reflector); it is then resumed.</summary>
    public int WatchTimeoutSeconds { get; init; } = 300 + Random.Shared.Next(300);

    private const int PageSize = 500;

    private ImmutableDictionary<string, T> _state = ImmutableDictionary.Create<string, T>(StringComparer.Ordinal);
    private string? _failure;
    private bool _synced;
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first list has been published or has failed (what a bounded start-up wait waits for).</summary>
    public Task FirstAttempt => _firstAttempt.Task;

    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = InitialBackoff;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var version = await ListAsync(ct).ConfigureAwait(false);
                Recovered();
                backoff = InitialBackoff;
                while (true)
                {
                    version = await WatchAsync(version, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (GoneException)
            {
                // The watch's resourceVersion is too old: list again at once, as a reflector does.
                continue;
            }
            catch (Exception e)
            {
                // Whatever failed (API status, network, credentials, a malformed stream), serving must not stop: the
                // last snapshot stays, and the loop tries again.
                Failed(e.Message);
            }
            try
            {
                await Task.Delay(backoff, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private async Task<string> ListAsync(CancellationToken ct)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
        string? next = null;
        string version;
        do
        {
            var path = collectionPath + "?limit=" + PageSize + (next is null ? "" : "&continue=" + Uri.EscapeDataString(next));
            using var page = await api.GetDocumentAsync(path, ct).ConfigureAwait(false);
            var root = page.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException(collectionPath + ": the list is not a JSON object");
            if (root.TryGetProperty("items"u8, out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (Name(item) is { } name) builder[name] = project(item);
                }
            }
            version = Metadata(root, "resourceVersion"u8) ?? "";
            next = Metadata(root, "continue"u8) is { Length: > 0 } token ? token : null;
        }
        while (next is not null);
        _state = builder.ToImmutable();
        publish(_state);
        return version;
    }

    // One watch, until the server ends it: the resourceVersion to resume from.
    private async Task<string> WatchAsync(string version, CancellationToken ct)
    {
        var path = collectionPath + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=" + WatchTimeoutSeconds
            + (version.Length == 0 ? "" : "&resourceVersion=" + Uri.EscapeDataString(version));
        HttpResponseMessage opened;
        try
        {
            opened = await api.OpenWatchAsync(path, ct).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Status == HttpStatusCode.Gone)
        {
            // Expired before the stream began (the API server answers either way).
            throw new GoneException();
        }
        using var response = opened;
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0) continue;
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                var type = root.TryGetProperty("type"u8, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (!root.TryGetProperty("object"u8, out var obj) || obj.ValueKind != JsonValueKind.Object) continue;
                if (type == "ERROR")
                {
                    var code = obj.TryGetProperty("code"u8, out var c) && c.TryGetInt32(out var n) ? n : 0;
                    if (code == (int)HttpStatusCode.Gone) throw new GoneException();
                    var message = obj.TryGetProperty("message"u8, out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : "watch error";
                    throw new KubeApiException((HttpStatusCode)code, "watch " + collectionPath + ": " + code + " " + message);
                }
                if (Metadata(obj, "resourceVersion"u8) is { Length: > 0 } seen) version = seen;
                if (type is not ("ADDED" or "MODIFIED" or "DELETED") || Name(obj) is not { } name) continue;
                var changed = type == "DELETED" ? _state.Remove(name) : Set(name, project(obj));
                if (!ReferenceEquals(changed, _state))
                {
                    _state = changed;
                    publish(_state);
                }
            }
        }
        return version;
    }

    private ImmutableDictionary<string, T> Set(string name, T value) =>
        _state.TryGetValue(name, out var old) && comparer.Equals(old, value) ? _state : _state.SetItem(name, value);

    private void Recovered()
    {
        _firstAttempt.TrySetResult();
        if (_synced && _failure is null) return;
        _synced = true;
        _failure = null;
        ClusterFactsLog.WatchSynced(logger, resource, api.BaseUri.ToString(), _state.Count);
    }

    private void Failed(string reason)
    {
        _firstAttempt.TrySetResult();
        if (_failure is not null) return; // logged once per state: until it recovers
        _failure = reason;
        ClusterFactsLog.WatchFailed(logger, resource, api.BaseUri.ToString(), reason);
    }

    private static string? Name(JsonElement obj) => Metadata(obj, "name"u8);

    private static string? Metadata(JsonElement obj, ReadOnlySpan<byte> key) =>
        obj.TryGetProperty("metadata"u8, out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed class GoneException : Exception;
}
