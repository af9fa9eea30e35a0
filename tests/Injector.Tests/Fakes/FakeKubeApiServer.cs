using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Injector.Tests.Fakes;

/// <summary>
/// A Kubernetes API server on loopback (Kestrel, port 0, http or https) for the REST paths every cluster command
/// uses: get, list (with labelSelector), create (409 when present), replace (409 on a missing or stale
/// resourceVersion), delete (404 when absent) and patch (merge, strategic-merge and apply treated as merge, and JSON Patch).
/// Objects live in memory; every request is recorded. Requests without the kubeconfig's bearer token get 401,
/// proving the client sends its credentials. A test may play the API server's authorization (<see cref="Forbid"/>) and
/// validating admission (<see cref="Admit"/>, which sees each write's old and new object as kube-apiserver's
/// admission does). Collections can be watched (<c>?watch=true[&amp;resourceVersion=N][&amp;timeoutSeconds=S]</c>): every
/// change made through the API or by the test (<see cref="Add(JsonObject)"/>, <see cref="Remove"/>) is streamed as the
/// API server streams it, one JSON event a line; lists carry the store's resourceVersion.
/// </summary>
public sealed class FakeKubeApiServer : IAsyncDisposable
{
    public const string Token = "fake-token";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private long _resourceVersion = 100;

    private const string WebhookConfigurationsPath = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";
    private int _disposed;

    private FakeKubeApiServer(WebApplication app) => _app = app;

    // Every change, in order, for watches: (resourceVersion, type, object path, object).
    private readonly List<(long Version, string Type, string Path, JsonObject Object)> _events = [];
    private readonly object _eventGate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource _closeWatches = new();
    private int _openWatches;

    /// <summary>Watches open now.</summary>
    public int OpenWatches => Volatile.Read(ref _openWatches);

    /// <summary>Ends every open watch (as the API server does at its timeout); clients resume from their last version.</summary>
    public void CloseWatches()
    {
        var old = Interlocked.Exchange(ref _closeWatches, new CancellationTokenSource());
        old.Cancel();
    }

    /// <summary>Forgets the event history: a watch from an older resourceVersion is answered 410 Gone (expired), as after compaction.</summary>
    public void CompactEvents()
    {
        lock (_eventGate)
        {
            _compactedBefore = Interlocked.Read(ref _resourceVersion);
            _events.Clear();
        }
    }

    private long _compactedBefore;

    private void Record(string type, string path, JsonObject obj)
    {
        var version = long.Parse((string)obj["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture);
        TaskCompletionSource changed;
        lock (_eventGate)
        {
            _events.Add((version, type, path, (JsonObject)obj.DeepClone()));
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    public string BaseUrl { get; private set; } = "";
    public string KubeconfigPath { get; private set; } = "";
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Runs before a POST is stored: lets a test create the object first (the replica race).</summary>
    public Action<string>? BeforeCreate { get; set; }

    /// <summary>Runs before a DELETE: lets a test remove the object first.</summary>
    public Action<string>? BeforeDelete { get; set; }

    /// <summary>Runs before a PUT is checked: lets a test change the object first (a concurrent writer).</summary>
    public Action<string>? BeforeReplace { get; set; }

    /// <summary>Runs after a PATCH is stored, with the path and the stored object: a test's controller (rollouts, new pods).</summary>
    public Action<string, JsonObject>? AfterPatch { get; set; }

    /// <summary>Requests it returns true for are refused with 403, as RBAC would (METHOD, path).</summary>
    public Func<string, string, bool>? Forbid { get; set; }

    /// <summary>
    /// Validating admission: called for every create, update, patch and delete with the stored object before and the
    /// object after the write (what kube-apiserver's admission sees); a non-null answer refuses it with 403 and that message.
    /// </summary>
    internal Func<FakeAdmission, string?>? Admit { get; set; }

    /// <summary>Who the kubeconfig's token authenticates as (what admission sees in <c>request.userInfo.username</c>).</summary>
    public string UserName { get; set; } = "tester";

    /// <summary>
    /// Starts on http, or on https with <paramref name="tls"/>: the server certificate, the CA PEM written into the
    /// kubeconfig's certificate-authority-data, and the name written as tls-server-name.
    /// </summary>
    public static async Task<FakeKubeApiServer> StartAsync((System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate, string CaPem, string ServerName)? tls = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseUrls(tls is null ? "http://127.0.0.1:0" : "https://127.0.0.1:0");
        if (tls is { } t)
        {
            builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.ServerCertificate = t.Certificate));
        }
        var app = builder.Build();
        var server = new FakeKubeApiServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address;
        server.KubeconfigPath = Path.Combine(Path.GetTempPath(), "fake-kubeconfig-" + Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(server.KubeconfigPath, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {address}{(tls is { } c ? "\n    certificate-authority-data: " + Convert.ToBase64String(Encoding.UTF8.GetBytes(c.CaPem)) + "\n    tls-server-name: " + c.ServerName : "")}
            users:
            - name: tester
              user:
                token: {Token}
            contexts:
            - name: fake
              context:
                cluster: fake
                user: tester
            current-context: fake
            """);
        return server;
    }

    /// <summary>Stores an object at the path its apiVersion, kind, namespace and name give.</summary>
    public void Add(JsonObject obj)
    {
        var path = ObjectPath(obj);
        var metadata = (JsonObject)obj["metadata"]!;
        metadata["resourceVersion"] = NextResourceVersion();
        var existed = _objects.ContainsKey(path);
        _objects[path] = obj;
        Record(existed ? "MODIFIED" : "ADDED", path, obj);
    }

    public void Add(string json) => Add((JsonObject)JsonNode.Parse(json)!);

    public bool Remove(string path)
    {
        if (!_objects.TryRemove(path, out var removed)) return false;
        var gone = (JsonObject)removed.DeepClone();
        gone["metadata"]!["resourceVersion"] = NextResourceVersion();
        Record("DELETED", path, gone);
        return true;
    }

    public JsonObject? Get(string path) => _objects.TryGetValue(path, out var o) ? (JsonObject)o.DeepClone() : null;

    public IReadOnlyList<RecordedRequest> Writes => [.. Requests.Where(r => r.Method != "GET")];

    /// <summary>Each request as one line, <c>METHOD /path?labelSelector=k=v</c> (selector unescaped, other query dropped).</summary>
    public List<string> RequestLines => [.. Requests.Select(r => r.Line)];

    /// <summary>A namespace with <c>kubernetes.io/metadata.name</c> and the given labels, as the API server stores it.</summary>
    public void AddNamespace(string name, params (string Key, string Value)[] labels)
    {
        var labelObject = new JsonObject { ["kubernetes.io/metadata.name"] = name };
        foreach (var (key, value) in labels) labelObject[key] = value;
        Add(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labelObject } });
    }

    /// <summary>The paths of the stored objects under <paramref name="prefix"/> (e.g. <c>/api/v1/namespaces/app/pods/</c>), sorted.</summary>
    public IReadOnlyList<string> ObjectPaths(string prefix) =>
        [.. _objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    public JsonObject? WebhookConfiguration(string name) => Get(WebhookConfigurationsPath + "/" + name);

    public IReadOnlyList<string> WebhookConfigurationNames() =>
        [.. _objects.Keys.Where(k => k.StartsWith(WebhookConfigurationsPath + "/", StringComparison.Ordinal))
            .Select(k => k[(WebhookConfigurationsPath.Length + 1)..]).Order(StringComparer.Ordinal)];

    /// <summary>Stops the server; safe to call twice (a test may stop it early to make it unreachable).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        File.Delete(KubeconfigPath);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
        Requests.Enqueue(new RecordedRequest(request.Method, request.Path + request.QueryString, request.ContentType, body));
        if (request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            await Reply(context, 401, Status(401, "Unauthorized"));
            return;
        }
        if (Forbid?.Invoke(request.Method, request.Path.Value ?? "") == true)
        {
            await Reply(context, 403, Status(403, "forbidden: User \"tester\" cannot " + request.Method.ToLowerInvariant() + " " + request.Path));
            return;
        }
        if (!FakeKubePath.TryParse(request.Path.Value ?? "", out var path))
        {
            await Reply(context, 404, Status(404, "unknown path " + request.Path));
            return;
        }
        if (request.Method == "GET" && path.Name is null && request.Query["watch"] == "true")
        {
            await WatchAsync(context, path);
            return;
        }
        var (code, answer) = request.Method switch
        {
            "GET" when path.Name is null => (200, List(path, request.Query["labelSelector"].ToString())),
            "GET" => Read(path.ObjectPath),
            "POST" when path.Name is null => Create(path, body),
            "PUT" => Replace(path, body),
            "PATCH" => Patch(path, request.ContentType ?? "", body),
            "DELETE" when path.Name is not null => Delete(path),
            _ => (405, Status(405, "method not allowed")),
        };
        await Reply(context, code, answer);
    }

    private (int, JsonObject) Read(string path) =>
        _objects.TryGetValue(path, out var o) ? (200, (JsonObject)o.DeepClone()) : (404, Status(404, path + " not found"));

    private JsonObject List(FakeKubePath collection, string labelSelector)
    {
        var items = new JsonArray();
        foreach (var (path, obj) in _objects.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!collection.Contains(path)) continue;
            if (!FakeLabelSelector.Matches(labelSelector, obj)) continue;
            items.Add(obj.DeepClone());
        }
        return new JsonObject
        {
            ["kind"] = "List", ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = Interlocked.Read(ref _resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = items,
        };
    }

    // A watch: the events after resourceVersion (without one: every object as ADDED first), until timeoutSeconds,
    // CloseWatches, the client leaving or the server stopping.
    private async Task WatchAsync(HttpContext context, FakeKubePath collection)
    {
        var query = context.Request.Query;
        long since;
        if (long.TryParse(query["resourceVersion"].ToString(), out var given))
        {
            since = given;
            lock (_eventGate)
            {
                if (since < _compactedBefore)
                {
                    since = -1;
                }
            }
            if (since < 0)
            {
                await Reply(context, 410, Status(410, "too old resource version"));
                return;
            }
        }
        else
        {
            since = -1;
        }
        var timeout = int.TryParse(query["timeoutSeconds"].ToString(), out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(30);
        using var end = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, Volatile.Read(ref _closeWatches).Token,
            _app.Lifetime.ApplicationStopping);
        end.CancelAfter(timeout);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync();
        Interlocked.Increment(ref _openWatches);
        try
        {
            if (since < 0)
            {
                since = Interlocked.Read(ref _resourceVersion);
                foreach (var (path, obj) in _objects.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (collection.Contains(path)) await WriteEvent(context, "ADDED", obj, end.Token);
                }
            }
            while (!end.IsCancellationRequested)
            {
                List<(long Version, string Type, string Path, JsonObject Object)> pending;
                Task changed;
                lock (_eventGate)
                {
                    pending = [.. _events.Where(e => e.Version > since && collection.Contains(e.Path))];
                    changed = _changed.Task;
                }
                foreach (var e in pending)
                {
                    await WriteEvent(context, e.Type, e.Object, end.Token);
                    since = e.Version;
                }
                if (pending.Count == 0) await changed.WaitAsync(end.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The watch ends: the response completes and the client resumes.
        }
        finally
        {
            Interlocked.Decrement(ref _openWatches);
        }
    }

    private static async Task WriteEvent(HttpContext context, string type, JsonObject obj, CancellationToken ct)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n";
        await context.Response.WriteAsync(line, ct);
        await context.Response.Body.FlushAsync(ct);
    }

    private (int, JsonObject) Create(FakeKubePath collection, string body)
    {
        var obj = (JsonObject)JsonNode.Parse(body)!;
        var name = (string)obj["metadata"]!["name"]!;
        var path = collection.ObjectPath + "/" + name;
        BeforeCreate?.Invoke(path);
        lock (_gate)
        {
            if (_objects.ContainsKey(path)) return (409, Status(409, "already exists"));
            if (collection.Namespace is not null) obj["metadata"]!["namespace"] = collection.Namespace;
            if (Refused("CREATE", collection with { Name = name }, null, obj) is { } refusal) return refusal;
            obj["metadata"]!["resourceVersion"] = NextResourceVersion();
            _objects[path] = obj;
            Record("ADDED", path, obj);
            return (201, (JsonObject)obj.DeepClone());
        }
    }

    private (int, JsonObject) Replace(FakeKubePath target, string body)
    {
        var path = target.ObjectPath;
        var obj = (JsonObject)JsonNode.Parse(body)!;
        BeforeReplace?.Invoke(path);
        lock (_gate)
        {
            if (!_objects.TryGetValue(path, out var current)) return (404, Status(404, path + " not found"));
            var sent = (string?)obj["metadata"]?["resourceVersion"];
            if (sent is null || sent != (string?)current["metadata"]!["resourceVersion"])
            {
                return (409, Status(409, "the object has been modified"));
            }
            if (Refused("UPDATE", target, current, obj) is { } refusal) return refusal;
            obj["metadata"]!["resourceVersion"] = NextResourceVersion();
            _objects[path] = obj;
            Record("MODIFIED", path, obj);
            return (200, (JsonObject)obj.DeepClone());
        }
    }

    private (int, JsonObject) Delete(FakeKubePath target)
    {
        var path = target.ObjectPath;
        BeforeDelete?.Invoke(path);
        lock (_gate)
        {
            if (!_objects.TryGetValue(path, out var current)) return (404, Status(404, path + " not found"));
            if (Refused("DELETE", target, current, null) is { } refusal) return refusal;
            _objects.TryRemove(path, out _);
            var gone = (JsonObject)current.DeepClone();
            gone["metadata"]!["resourceVersion"] = NextResourceVersion();
            Record("DELETED", path, gone);
            return (200, Status(200, "deleted"));
        }
    }

    private (int, JsonObject) Patch(FakeKubePath target, string contentType, string body)
    {
        var path = target.ObjectPath;
        var (code, stored) = PatchLocked(target, contentType, body);
        if (code == 200) AfterPatch?.Invoke(path, stored);
        return (code, stored);
    }

    private (int, JsonObject) PatchLocked(FakeKubePath target, string contentType, string body)
    {
        var path = target.ObjectPath;
        lock (_gate)
        {
            if (!_objects.TryGetValue(path, out var current)) return (404, Status(404, path + " not found"));
            var patched = (JsonObject)current.DeepClone();
            try
            {
                if (contentType.StartsWith("application/json-patch+json", StringComparison.Ordinal))
                {
                    FakePatch.ApplyJsonPatch(patched, (JsonArray)JsonNode.Parse(body)!);
                }
                else if (contentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal)
                      || contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal)
                      // Server-side apply, as a merge of the applied JSON (field ownership is not modelled).
                      || contentType.StartsWith("application/apply-patch+yaml", StringComparison.Ordinal))
                {
                    FakePatch.ApplyMergePatch(patched, (JsonObject)JsonNode.Parse(body)!);
                }
                else
                {
                    return (415, Status(415, "unsupported patch type " + contentType));
                }
            }
            catch (InvalidOperationException e)
            {
                return (422, Status(422, e.Message));
            }
            patched["metadata"]!["resourceVersion"] = NextResourceVersion();
            // As the API server: a changed spec is a new generation, which the controller then observes.
            if (!JsonNode.DeepEquals(current["spec"], patched["spec"]))
            {
                patched["metadata"]!["generation"] = (Injector.Common.JsonFields.Integer(current["metadata"]!["generation"]) ?? 1) + 1;
            }
            if (Refused("UPDATE", target, current, patched) is { } refusal) return refusal;
            _objects[path] = patched;
            Record("MODIFIED", path, patched);
            return (200, (JsonObject)patched.DeepClone());
        }
    }

    /// <summary>The admission answer for a write, or null when it may proceed.</summary>
    private (int, JsonObject)? Refused(string operation, FakeKubePath target, JsonObject? oldObject, JsonObject? newObject)
    {
        var message = Admit?.Invoke(new FakeAdmission(operation, target, UserName,
            (JsonObject?)oldObject?.DeepClone(), (JsonObject?)newObject?.DeepClone()));
        return message is null ? null : (403, Status(403, "admission webhook denied the request: " + message));
    }

    private string NextResourceVersion() => Interlocked.Increment(ref _resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Status(int code, string message) =>
        new() { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = code < 300 ? "Success" : "Failure", ["message"] = message, ["code"] = code };

    private static async Task Reply(HttpContext context, int code, JsonObject body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static string ObjectPath(JsonObject obj)
    {
        var apiVersion = (string)obj["apiVersion"]!;
        var kind = (string)obj["kind"]!;
        var name = (string)obj["metadata"]!["name"]!;
        var ns = (string?)obj["metadata"]!["namespace"];
        var prefix = apiVersion.Contains('/') ? "/apis/" + apiVersion : "/api/" + apiVersion;
        var resource = kind.ToLowerInvariant() + (kind.EndsWith('s') ? "es" : "s");
        return ns is null || kind == "Namespace"
            ? prefix + "/" + resource + "/" + name
            : prefix + "/namespaces/" + ns + "/" + resource + "/" + name;
    }
}

/// <summary>One write as validating admission sees it: the operation, the target, the user, the object before and after.</summary>
internal sealed record FakeAdmission(string Operation, FakeKubePath Target, string UserName, JsonObject? OldObject, JsonObject? NewObject);

public sealed record RecordedRequest(string Method, string PathAndQuery, string? ContentType, string Body)
{
    public string Line
    {
        get
        {
            var query = PathAndQuery.IndexOf('?');
            if (query < 0) return Method + " " + PathAndQuery;
            var selector = System.Web.HttpUtility.ParseQueryString(PathAndQuery[query..])["labelSelector"];
            return Method + " " + PathAndQuery[..query] + (selector is null ? "" : "?labelSelector=" + selector);
        }
    }
}
