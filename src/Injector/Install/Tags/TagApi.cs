using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Authentication;

namespace Injector.Install.Tags;

/// <summary>An API server answer other than success; the message is one line naming the request and the reason.</summary>
internal sealed class TagApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>
/// Plain REST calls over the connection a kubeconfig describes (server, CA or skip-verify, client certificate,
/// token/exec/in-cluster credentials). Not <c>k8s.Kubernetes</c>: its typed API goes through KubernetesJson and
/// roots every Kubernetes model in the AOT binary.
/// </summary>
internal sealed class TagApi
{
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly ServiceClientCredentials? _credentials;

    private TagApi(HttpClient http, Uri baseUri, ServiceClientCredentials? credentials)
    {
        _http = http;
        _base = baseUri;
        _credentials = credentials;
    }

    /// <summary>Connects like kubectl: an explicit kubeconfig, else in-cluster (when no $KUBECONFIG), else the default kubeconfig.</summary>
    public static TagApi Create(string? kubeconfig, string? context)
    {
        KubernetesClientConfiguration config;
        if (!string.IsNullOrEmpty(kubeconfig))
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, context);
        }
        else if (KubernetesClientConfiguration.IsInCluster() && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBECONFIG")))
        {
            config = KubernetesClientConfiguration.InClusterConfig();
        }
        else
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(currentContext: context);
        }
        if (!Uri.TryCreate(config.Host, UriKind.Absolute, out var baseUri))
        {
            throw new k8s.Exceptions.KubeConfigException("bad server URL \"" + config.Host + "\"");
        }
        if (!baseUri.AbsoluteUri.EndsWith('/')) baseUri = new Uri(baseUri.AbsoluteUri + "/");
        var http = new HttpClient(Handler(config, baseUri)) { Timeout = TimeSpan.FromSeconds(30) };
        return new TagApi(http, baseUri, k8s.Kubernetes.CreateCredentials(config));
    }

    /// <summary>Sends a request; returns the status and body text. Connection failures surface as <see cref="HttpRequestException"/>.</summary>
    public async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(_base, path.TrimStart('/')));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        if (_credentials is not null) await _credentials.ProcessHttpRequestAsync(request, ct);
        using var response = await _http.SendAsync(request, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>Sends and requires a 2xx answer; otherwise throws <see cref="TagApiException"/> with the server's Status message.</summary>
    public async Task<string> SendOkAsync(HttpMethod method, string path, string? json, CancellationToken ct)
    {
        var (status, body) = await SendAsync(method, path, json, ct);
        if ((int)status is >= 200 and < 300) return body;
        throw new TagApiException(status, method.Method + " " + path + ": " + (int)status + " " + StatusMessage(status, body));
    }

    private static string StatusMessage(HttpStatusCode status, string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject o && o["message"] is JsonValue message && message.TryGetValue<string>(out var text)) return text;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not a Status object: the HTTP status alone says it.
        }
        return status.ToString();
    }

    private static SocketsHttpHandler Handler(KubernetesClientConfiguration config, Uri baseUri)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (baseUri.Scheme != Uri.UriSchemeHttps) return handler;
        var serverName = string.IsNullOrEmpty(config.TlsServerName) ? null : config.TlsServerName;
        if (config.SkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (config.SslCaCerts is { Count: > 0 } || serverName is not null)
        {
            // Trust exactly the kubeconfig's CA(s), as kubectl does with certificate-authority(-data).
            var caCerts = config.SslCaCerts;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && Verify(new X509Certificate2(certificate), caCerts, serverName, errors);
        }
        if (ClientCertificate(config) is { } clientCertificate) handler.SslOptions.ClientCertificates = [clientCertificate];
        return handler;
    }

    private static X509Certificate2? ClientCertificate(KubernetesClientConfiguration config)
    {
        if (!string.IsNullOrEmpty(config.ClientCertificateData) && !string.IsNullOrEmpty(config.ClientCertificateKeyData))
        {
            return X509Certificate2.CreateFromPem(
                Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateData)),
                Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateKeyData)));
        }
        if (!string.IsNullOrEmpty(config.ClientCertificateFilePath) && !string.IsNullOrEmpty(config.ClientKeyFilePath))
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(config.ClientCertificateFilePath), File.ReadAllText(config.ClientKeyFilePath));
        }
        return null;
    }

    private static bool Verify(X509Certificate2 certificate, X509Certificate2Collection? caCerts, string? serverName, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) return false;
        var nameOk = serverName is not null ? certificate.MatchesHostname(serverName) : (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
        if (!nameOk) return false;
        if (caCerts is not { Count: > 0 }) return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(caCerts);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
