namespace Injector.Hosting;

/// <summary>Everything <c>injector serve</c> was told, after flags and environment variables are merged.</summary>
internal sealed class ServeOptions
{
    /// <summary>Where the revisions come from (<c>--config</c>, <c>--operator-file</c>, <c>--set</c>, <c>--inject-config-dir</c>,
    /// <c>--mesh-config</c>) and <c>--revision</c>; watched for changes.</summary>
    public Revisions.RevisionSource Source { get; init; } = Revisions.RevisionSource.Embedded;
    public string? TlsCertPath { get; init; }
    public string? TlsKeyPath { get; init; }
    public int Port { get; init; } = 15017;
    public int MonitoringPort { get; init; } = 15014;
    public string Listen { get; init; } = "*";
    public string MonitoringListen { get; init; } = "*";
    public long MaxBodyBytes { get; init; } = Http.InjectOptions.DefaultMaxBodyBytes;
    /// <summary>Open connections allowed on the HTTPS port (<see cref="Limits.InputLimits.DefaultMaxConnections"/>).</summary>
    public int MaxConnections { get; init; } = Limits.InputLimits.DefaultMaxConnections;
    /// <summary>Time between SIGTERM and closing the listeners, while readiness reports 503.</summary>
    public TimeSpan ShutdownDelay { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Upper bound for the whole shutdown (delay + drain), after which the process exits anyway.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>Create and rotate the serving certificate in a Secret and keep the webhooks' caBundle current.</summary>
    public bool ManageWebhookCa { get; init; }
    /// <summary>The install namespace (where the certificate Secret lives) for <see cref="ManageWebhookCa"/>.</summary>
    public string Namespace { get; init; } = "istio-system";
    /// <summary>Share of compiled-path answers checked against the renderer after they are written (0..1; 0: none).</summary>
    public double VerifyFraction { get; init; }
}
