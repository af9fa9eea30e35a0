using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Injector.Load.Ceiling;

/// <summary>Command line of the ceiling server. Hand-parsed: three integers do not need a CLI library.</summary>
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
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--parse" && i + 1 < args.Length && Enum.TryParse<CeilingParse>(args[i + 1], ignoreCase: true, out var parse))
            {
                options.Parse = parse;
                i++;
                continue;
            }
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                error = $"option '{args[i]}' needs a non-negative integer value";
                options = null;
                return false;
            }
            switch (args[i])
            {
                case "--port": options.Port = value; break;
                case "--monitoring-port": options.MonitoringPort = value; break;
                case "--response-bytes": options.ResponseBytes = value; break;
                default:
                    error = $"unknown option '{args[i]}'";
                    options = null;
                    return false;
            }
            i++;
        }
        if (options.ResponseBytes < CeilingResponse.MinimumSize)
        {
            error = $"--response-bytes must be at least {CeilingResponse.MinimumSize}";
            options = null;
            return false;
        }
        return true;
    }
}

/// <summary>JSON work the ceiling does on each body; see <see cref="CeilingOptions.Parse"/>.</summary>
internal enum CeilingParse
{
    None,
    Reader,
    Document,
}
