using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Injector.Tests.Tags;

/// <summary>
/// A small in-memory Kubernetes API server on loopback (plain HTTP) serving only the REST paths the tag commands
/// use: mutating webhook configurations (list with label selector, get, create, replace, delete) and namespaces
/// (list with label selector). It enforces what matters for correctness: 409 on create of an existing name and on a
/// stale resourceVersion, 404 on unknown names. Every request is recorded.
/// </summary>
internal sealed class FakeKubeApiServer : IAsyncDisposable
{
    private const string WebhookPath = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";
    private const string NamespacePath = "/api/v1/namespaces";

    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _webhooks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _namespaces = new(StringComparer.Ordinal);
    private int _resourceVersion = 100;

    public FakeKubeApiServer()
    {
        var port = FreePort();
        BaseAddress = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseAddress + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string BaseAddress { get; }

    public List<string> Requests { get; } = [];

    public void AddWebhookConfiguration(string json)
    {
        var obj = JsonNode.Parse(json)!.AsObject();
        lock (_gate) Store(_webhooks, obj);
    }

    public void AddNamespace(string name, params (string Key, string Value)[] labels)
    {
        var labelObj = new JsonObject { ["kubernetes.io/metadata.name"] = name };
        foreach (var (k, v) in labels) labelObj[k] = v;
        var obj = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labelObj } };
        lock (_gate) Store(_namespaces, obj);
    }

    public JsonObject? WebhookConfiguration(string name)
    {
        lock (_gate) return _webhooks.TryGetValue(name, out var o) ? (JsonObject)o.DeepClone() : null;
    }

    public IReadOnlyList<string> WebhookConfigurationNames()
    {
        lock (_gate) return [.. _webhooks.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>A kubeconfig file pointing at this server; deleted with the server.</summary>
    public string WriteKubeconfig()
    {
        var path = Path.Combine(Path.GetTempPath(), "fake-kube-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {BaseAddress}
            users:
            - name: fake
              user:
                token: fake-token
            contexts:
            - name: fake
              context:
                cluster: fake
                user: fake
            current-context: fake
            """);
        _kubeconfigs.Add(path);
        return path;
    }

    private readonly List<string> _kubeconfigs = [];

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            try
            {
                await HandleAsync(context);
            }
            catch (Exception e)
            {
                await WriteAsync(context.Response, 500, Status(500, "fake server bug: " + e.Message));
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath.TrimEnd('/');
        var selector = request.QueryString["labelSelector"];
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync();
        lock (_gate) Requests.Add(request.HttpMethod + " " + path + (selector is null ? "" : "?labelSelector=" + selector));

        var (code, answer) = Route(request.HttpMethod, path, selector, body);
        await WriteAsync(context.Response, code, answer);
    }

    private (int, JsonNode) Route(string method, string path, string? selector, string body)
    {
        lock (_gate)
        {
            if (path == WebhookPath)
            {
                return method switch
                {
                    "GET" => (200, List("MutatingWebhookConfigurationList", "admissionregistration.k8s.io/v1", _webhooks, selector)),
                    "POST" => Create(_webhooks, JsonNode.Parse(body)!.AsObject()),
                    _ => (405, Status(405, "method not allowed")),
                };
            }
            if (path.StartsWith(WebhookPath + "/", StringComparison.Ordinal))
            {
                var name = path[(WebhookPath.Length + 1)..];
                return method switch
                {
                    "GET" => _webhooks.TryGetValue(name, out var o) ? (200, o.DeepClone()) : NotFound(name),
                    "PUT" => Replace(_webhooks, name, JsonNode.Parse(body)!.AsObject()),
                    "DELETE" => _webhooks.Remove(name) ? (200, Status(200, "deleted")) : NotFound(name),
                    _ => (405, Status(405, "method not allowed")),
                };
            }
            if (path == NamespacePath && method == "GET")
            {
                return (200, List("NamespaceList", "v1", _namespaces, selector));
            }
            return (404, Status(404, "the fake API server does not serve " + method + " " + path));
        }
    }

    private (int, JsonNode) Create(Dictionary<string, JsonObject> store, JsonObject obj)
    {
        var name = (string)obj["metadata"]!["name"]!;
        if (store.ContainsKey(name)) return (409, Status(409, $"\"{name}\" already exists"));
        Store(store, obj);
        return (201, obj.DeepClone());
    }

    private (int, JsonNode) Replace(Dictionary<string, JsonObject> store, string name, JsonObject obj)
    {
        if (!store.TryGetValue(name, out var current)) return NotFound(name);
        var sent = (string?)obj["metadata"]?["resourceVersion"];
        if (sent is null || sent != (string?)current["metadata"]!["resourceVersion"])
        {
            return (409, Status(409, "the object has been modified; please apply your changes to the latest version"));
        }
        Store(store, obj);
        return (200, obj.DeepClone());
    }

    private void Store(Dictionary<string, JsonObject> store, JsonObject obj)
    {
        var metadata = obj["metadata"]!.AsObject();
        metadata["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
        store[(string)metadata["name"]!] = obj;
    }

    private static JsonObject List(string kind, string apiVersion, Dictionary<string, JsonObject> store, string? selector)
    {
        var items = new JsonArray();
        foreach (var name in store.Keys.Order(StringComparer.Ordinal))
        {
            if (Matches(store[name], selector)) items.Add(store[name].DeepClone());
        }
        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = new JsonObject { ["resourceVersion"] = "1" }, ["items"] = items };
    }

    /// <summary>Equality-based selectors only (<c>k=v,k2=v2</c>): all the tag commands send.</summary>
    private static bool Matches(JsonObject obj, string? selector)
    {
        if (string.IsNullOrEmpty(selector)) return true;
        var labels = obj["metadata"]?["labels"]?.AsObject();
        foreach (var term in selector.Split(','))
        {
            var parts = term.Split('=', 2);
            if (parts.Length != 2) throw new InvalidOperationException("unsupported selector " + selector);
            if ((string?)labels?[parts[0]] != parts[1]) return false;
        }
        return true;
    }

    private static (int, JsonNode) NotFound(string name) => (404, Status(404, $"\"{name}\" not found"));

    private static JsonObject Status(int code, string message) => new()
    {
        ["apiVersion"] = "v1", ["kind"] = "Status", ["status"] = code < 300 ? "Success" : "Failure", ["message"] = message, ["code"] = code,
    };

    private static async Task WriteAsync(HttpListenerResponse response, int code, JsonNode body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        response.StatusCode = code;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }
        foreach (var path in _kubeconfigs) File.Delete(path);
    }
}
