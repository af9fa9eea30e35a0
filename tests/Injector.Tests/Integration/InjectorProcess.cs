using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Injector.Tests.Integration;

/// <summary>
/// The real <c>injector serve</c> as a child process (<c>dotnet injector.dll</c> from the test output) on free
/// loopback ports. Start returns once <c>/readyz</c> answers 200.
/// </summary>
internal sealed class InjectorProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private string _listenShown = "127.0.0.1";

    private InjectorProcess(Process process, int port, int monitoringPort)
    {
        _process = process;
        Port = port;
        MonitoringPort = monitoringPort;
    }

    public int Port { get; }
    public int MonitoringPort { get; }
    public Uri InjectBase => new("https://127.0.0.1:" + Port);
    public Uri MonitoringBase => new("http://127.0.0.1:" + MonitoringPort);
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>
    /// Starts the server. Free ports can be taken by another process between choosing and binding them (other
    /// test runs share this machine), so a start that fails to bind is retried on new ports.
    /// </summary>
    public static Task<InjectorProcess> StartAsync(params string[] extraArgs) => StartAsync(null, extraArgs);

    /// <summary>As <see cref="StartAsync(string[])"/>, with extra environment variables for the child process.</summary>
    public static Task<InjectorProcess> StartAsync(IReadOnlyDictionary<string, string>? environment, params string[] extraArgs) =>
        StartWithListenAsync(environment, "127.0.0.1", "127.0.0.1", extraArgs);

    /// <summary>
    /// As <see cref="StartAsync(string[])"/> with the two listen addresses chosen by the caller; null leaves the flag
    /// out so the server uses its default. The monitoring address must include 127.0.0.1 (readiness is polled there).
    /// </summary>
    public static async Task<InjectorProcess> StartWithListenAsync(IReadOnlyDictionary<string, string>? environment, string? listen, string? monitoringListen, params string[] extraArgs)
    {
        for (var attempt = 1; ; attempt++)
        {
            var injector = await LaunchAsync(extraArgs, environment, listen, monitoringListen);
            try
            {
                await injector.WaitUntilReadyAsync();
                return injector;
            }
            catch (InvalidOperationException) when (attempt < 5 && injector.Output.Contains("Cannot start", StringComparison.Ordinal))
            {
                await injector.DisposeAsync();
            }
        }
    }

    /// <summary>Starts a server that is expected to refuse to start; returns its exit code and output once it exits.</summary>
    public static Task<(int ExitCode, string Output)> RunUntilExitAsync(TimeSpan within, params string[] extraArgs) =>
        RunUntilExitAsync(null, within, extraArgs);

    /// <summary>As <see cref="RunUntilExitAsync(TimeSpan, string[])"/>, with extra environment variables.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IReadOnlyDictionary<string, string>? environment, TimeSpan within, params string[] extraArgs)
    {
        await using var injector = await LaunchAsync(extraArgs, environment, "127.0.0.1", "127.0.0.1");
        var code = await injector.WaitForExitAsync(within);
        injector._process.WaitForExit(); // drains the redirected output
        return (code, injector.Output);
    }

    private static Task<InjectorProcess> LaunchAsync(string[] extraArgs, IReadOnlyDictionary<string, string>? environment, string? listen, string? monitoringListen)
    {
        var port = FreePort();
        var monitoringPort = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "injector.dll"));
        foreach (var arg in (string[])["serve", "--port", port.ToString(), "--monitoring-port", monitoringPort.ToString(),
                     .. listen is null ? [] : (string[])["--listen", listen],
                     .. monitoringListen is null ? [] : (string[])["--monitoring-listen", monitoringListen], .. extraArgs])
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["Logging__LogLevel__Default"] = "Information";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start)!;
        var injector = new InjectorProcess(process, port, monitoringPort) { _listenShown = listen ?? "*" };
        process.OutputDataReceived += (_, e) => injector.Append(e.Data);
        process.ErrorDataReceived += (_, e) => injector.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return Task.FromResult(injector);
    }

    public HttpClient CreateClient(Version? version = null, Func<System.Security.Cryptography.X509Certificates.X509Certificate?, bool>? onCertificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                // The test trusts whatever the server presents; tests that care inspect the certificate.
                RemoteCertificateValidationCallback = (_, certificate, _, _) => onCertificate?.Invoke(certificate) ?? true,
            },
        };
        return new HttpClient(handler)
        {
            BaseAddress = InjectBase,
            DefaultRequestVersion = version ?? HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public HttpClient CreateMonitoringClient() => new() { BaseAddress = MonitoringBase, Timeout = TimeSpan.FromSeconds(30) };

    public void SendSigterm() => Assert.Equal(0, Kill(_process.Id, 15));

    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = CreateMonitoringClient();
        var deadline = DateTime.UtcNow + StartupWait;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException("injector exited with " + _process.ExitCode + ":\n" + Output);
            try
            {
                // Our own start line proves this process bound both ports (not another server on a reused port).
                using var response = await client.GetAsync("/readyz");
                if (response.StatusCode == HttpStatusCode.OK && Output.Contains("Serving /inject on https://" + _listenShown + ":" + Port + " ", StringComparison.Ordinal)) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("injector did not become ready:\n" + Output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
