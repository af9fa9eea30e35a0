using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Authentication;

namespace Injector.Kubernetes;

/// <summary>
/// The HTTP connection a kubeconfig describes (server, CA or skip-verify, TLS server name, client certificate) and its
/// credentials (token, token provider such as in-cluster or exec, basic auth), without constructing
/// <c>k8s.Kubernetes</c>: that type drags the client's whole source-generated JSON context (every Kubernetes model,
/// +13.3 MB of native code, measured in <see cref="KubeClientFactory"/>) into the AOT binary.
/// </summary>
internal sealed class KubeTransport
{
    private KubeTransport(Uri baseUri, HttpMessageHandler handler, ServiceClientCredentials? credentials)
    {
        BaseUri = baseUri;
        Handler = handler;
        Credentials = credentials;
    }

    public Uri BaseUri { get; }
    public HttpMessageHandler Handler { get; }
    public ServiceClientCredentials? Credentials { get; }

    public static KubeTransport Create(KubernetesClientConfiguration config)
    {
        if (!Uri.TryCreate(config.Host, UriKind.Absolute, out var baseUri))
        {
            throw new k8s.Exceptions.KubeConfigException("bad server URL \"" + config.Host + "\"");
        }
        if (!baseUri.AbsoluteUri.EndsWith('/')) baseUri = new Uri(baseUri.AbsoluteUri + "/");
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (baseUri.Scheme == Uri.UriSchemeHttps)
        {
            var serverName = string.IsNullOrEmpty(config.TlsServerName) ? null : config.TlsServerName;
            if (config.SkipTlsVerify)
            {
                handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
            }
            else if (config.SslCaCerts is { Count: > 0 } || serverName is not null)
            {
                // Trust exactly the kubeconfig's CA(s), like kubectl's certificate-authority(-data), and check the
                // certificate against tls-server-name when given (the connection itself uses the server URL's host).
                var caCerts = config.SslCaCerts;
                handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is not null && Verify(new X509Certificate2(certificate), caCerts, serverName, errors);
            }
            if (ClientCertificate(config) is { } clientCertificate)
            {
                handler.SslOptions.ClientCertificates = [clientCertificate];
            }
        }
        return new KubeTransport(baseUri, handler, k8s.Kubernetes.CreateCredentials(config));
    }

    /// <summary>The kubeconfig's client-certificate(-data) and client-key(-data), PEM; null when it has none.</summary>
    private static X509Certificate2? ClientCertificate(KubernetesClientConfiguration config)
    {
        string? certificate = null, key = null;
        if (!string.IsNullOrEmpty(config.ClientCertificateData) && !string.IsNullOrEmpty(config.ClientCertificateKeyData))
        {
            certificate = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateData));
            key = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateKeyData));
        }
        else if (!string.IsNullOrEmpty(config.ClientCertificateFilePath) && !string.IsNullOrEmpty(config.ClientKeyFilePath))
        {
            certificate = File.ReadAllText(config.ClientCertificateFilePath);
            key = File.ReadAllText(config.ClientKeyFilePath);
        }
        return certificate is null ? null : X509Certificate2.CreateFromPem(certificate, key);
    }

    private static bool Verify(X509Certificate2 certificate, X509Certificate2Collection? caCerts, string? serverName, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) return false;
        if (serverName is not null ? !certificate.MatchesHostname(serverName) : (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
        if (caCerts is not { Count: > 0 }) return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(caCerts);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
