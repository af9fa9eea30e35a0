using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Injector.Load.Ceiling;

/// <summary>Command line of the ceiling server. Hand-parsed: four options with values do not need a CLI library.</summary>
internal sealed class CeilingOptions
{
    public const string Usage =
        "usage: ceiling [--port 15017] [--monitoring-port 15014] [--response-bytes 8000] [--parse none|reader|document]";

    public int Port { get; private set; } = 15017;
    public int MonitoringPort { get; private set; } = 15014;

    /// <summary>Size of the fixed answer to <c>POST /inject</c>: run.sh passes the injector's measured response size.</summary>
    public int ResponseBytes { get; private set; } = 8000;

    /// <summary>
    /// JSON work done on the body before the fixed answer: <c>none</c> (the ceiling run.sh measures), <c>reader</c>
    /// (validate every token with <c>Utf8JsonReader</c>, the least any server that rejects malformed JSON must do) or
    /// <c>document</c> (<c>JsonDocument.Parse</c>, as the injector). Used to bound what parsing costs over HTTP.
    /// </summary>
    public CeilingParse Parse { get; private set; } = CeilingParse.None;

    public static bool TryParse(string[] args, [NotNullWhen(true)] out CeilingOptions? options, out string error)
    {
        options = new CeilingOptions();
        error = string.Empty;
        for (var i = 0; i < args.Length; i += 2)
        {
            var name = args[i];
            if (i + 1 >= args.Length) return Fail($"option '{name}' needs a value", out options, out error);
            var value = args[i + 1];
            switch (name)
            {
                case "--port" when TryInteger(value, out var port): options.Port = port; break;
                case "--monitoring-port" when TryInteger(value, out var monitoringPort): options.MonitoringPort = monitoringPort; break;
                case "--response-bytes" when TryInteger(value, out var responseBytes): options.ResponseBytes = responseBytes; break;
                case "--parse" when Enum.TryParse<CeilingParse>(value, ignoreCase: true, out var parse): options.Parse = parse; break;
                case "--port" or "--monitoring-port" or "--response-bytes":
                    return Fail($"option '{name}' needs a non-negative integer value", out options, out error);
                case "--parse":
                    return Fail("--parse is none, reader or document", out options, out error);
                default:
                    return Fail($"unknown option '{name}'", out options, out error);
            }
        }
        if (options.ResponseBytes < CeilingResponse.MinimumSize)
            return Fail($"--response-bytes must be at least {CeilingResponse.MinimumSize}", out options, out error);
        return true;
    }

    private static bool TryInteger(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool Fail(string message, out CeilingOptions? options, out string error)
    {
        options = null;
        error = message;
        return false;
    }
}

/// <summary>JSON work the ceiling does on each body; see <see cref="CeilingOptions.Parse"/>.</summary>
internal enum CeilingParse
{
    None,
    Reader,
    Document,
}
