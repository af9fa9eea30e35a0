namespace Injector.Limits;

/// <summary>
/// Every limit on what a caller or a pod spec can make the injector read, parse or hold, in one place (listed with its
/// reason in docs/reliability.md). Anyone allowed to create a pod controls its annotations, and the webhook runs with
/// <c>failurePolicy: Fail</c>: a limit is checked before the work it bounds, and crossing it is a one-line answer.
/// </summary>
public static class InputLimits
{
    // ---- The request ----

    /// <summary>
    /// Default for <c>--max-body-bytes</c> (6 MiB). etcd stores objects up to 1.5 MiB by default (3 MiB at most when
    /// raised); an AdmissionReview carries the object once more for UPDATE, plus JSON escaping. 6 MiB holds any pod the
    /// API server could accept while bounding the memory of one request.
    /// </summary>
    public const long DefaultMaxBodyBytes = 6_291_456;

    /// <summary>
    /// Nesting depth of the AdmissionReview body and of every JSON annotation (64). A real pod nests about 12 deep;
    /// System.Text.Json's default is also 64. The parsers are iterative, but writers and comparisons that walk a tree are not.
    /// </summary>
    public const int MaxJsonDepth = 64;

    /// <summary>
    /// The longest time one request may take from arrival to answer when the caller sends no <c>?timeout</c>, and the
    /// ceiling of any <c>?timeout</c> (30 s): the largest webhook <c>timeoutSeconds</c> the API server accepts. Nobody
    /// waits longer, so work past it is wasted; it also ends a body that stalls after a fast start, which Kestrel's
    /// minimum data rate (an average since the start) would let hang for hours.
    /// </summary>
    public static readonly TimeSpan MaxRequestTime = TimeSpan.FromSeconds(30);

    // ---- YAML annotations (proxy.istio.io/config) ----

    /// <summary>
    /// Longest YAML annotation read (262,144 characters): the API server refuses a pod whose annotations together
    /// exceed 256 KiB, so a longer value can never be stored. Checked before the parser starts.
    /// </summary>
    public const int MaxYamlChars = 256 * 1024;

    /// <summary>
    /// Deepest YAML nesting (64, counting the depth an alias adds where it is used). A ProxyConfig nests 4 deep; the
    /// tree built from the YAML is walked recursively, and YamlDotNet's scanner slows with the square of flow depth.
    /// </summary>
    public const int MaxYamlDepth = 64;

    /// <summary>
    /// Most YAML nodes (10,000), aliases counted as the nodes they expand to. A ProxyConfig has tens to hundreds; the
    /// cap keeps a parse under ~40 ms and stops an alias bomb (a 330-byte document that expands to hundreds of MB)
    /// before anything is built.
    /// </summary>
    public const int MaxYamlNodes = 10_000;

    /// <summary>
    /// Most characters of scalar text a YAML annotation may expand to (262,144), aliases counted as what they repeat.
    /// A document without aliases never holds more text than its length, so this only stops repetition of large scalars.
    /// </summary>
    public const int MaxYamlExpandedChars = MaxYamlChars;

    // ---- Connections (src/Injector/Hosting) ----

    /// <summary>
    /// Default for <c>--max-connections</c>: open connections on the HTTPS port (1,000). kube-apiserver keeps a few
    /// per replica (HTTP/2 multiplexes); an idle TLS connection costs ~50 KB and a file descriptor, so without a cap
    /// 20,000 idle connections reached the fd limit and took <c>/healthz</c> down with <c>/inject</c>.
    /// </summary>
    public const int DefaultMaxConnections = 1_000;

    /// <summary>
    /// Open connections on the monitoring port (64): the kubelet's probes and one or two Prometheus scrapers. Counted
    /// apart from the HTTPS port so that a flood of the webhook port leaves room for the health probes.
    /// </summary>
    public const int MaxMonitoringConnections = 64;

    /// <summary>
    /// Time for a request's headers (10 s; Kestrel's default is 30 s). kube-apiserver sends them at once; a slowloris
    /// connection is dropped sooner.
    /// </summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Concurrent HTTP/2 streams per connection (100, the HTTP/2 and Kestrel default, stated here so it is deliberate):
    /// with <see cref="DefaultMaxConnections"/> it bounds the requests in flight.
    /// </summary>
    public const int MaxStreamsPerConnection = 100;

    /// <summary>
    /// Request-body bytes all requests together may hold at once (64 MiB, ten bodies at the default cap). Each body is
    /// buffered whole before parsing, and parsing a token-dense body costs up to six times its size; without this cap
    /// 40 connections each holding a 6 MiB body took 300 MB. Past it a request is refused with 503 <c>overloaded</c>.
    /// </summary>
    public const long MaxBufferedBodyBytes = 64L * 1024 * 1024;

    /// <summary>
    /// A body larger than this (1 MiB; a real pod's review is 3-200 KB) is a large one: large bodies together may use
    /// the shared budget only up to <see cref="MaxBufferedBodyBytes"/> minus <see cref="BufferedBytesKeptForSmallBodies"/>,
    /// so a few callers holding 6 MiB bodies cannot crowd out the API server's ordinary requests.
    /// </summary>
    public const long SmallBodyBytes = 1024 * 1024;

    /// <summary>The part of <see cref="MaxBufferedBodyBytes"/> only bodies up to <see cref="SmallBodyBytes"/> may use (16 MiB: 80 bodies of 200 KB).</summary>
    public const long BufferedBytesKeptForSmallBodies = 16L * 1024 * 1024;

    // ---- Certificates ----

    /// <summary>Largest certificate or key file read (1 MiB): a PEM chain is a few KB; a path that points at an endless file is refused.</summary>
    public const int MaxCertificateFileBytes = 1024 * 1024;

    /// <summary>Weakest RSA key accepted (2,048 bits): OpenSSL's default security level refuses smaller ones in every handshake.</summary>
    public const int MinRsaKeyBits = 2048;

    /// <summary>Weakest ECDSA key accepted (256 bits, P-256).</summary>
    public const int MinEcdsaKeyBits = 256;

    /// <summary>
    /// A certificate is reported as expiring (warning log, <c>injector_serving_certificate_expiring</c>) once less than
    /// this share of its validity remains (a third: cert-manager renews at two thirds, so such a certificate missed its renewal).
    /// </summary>
    public const double CertificateExpiryWarningShare = 1.0 / 3;
}
