using System.CommandLine;
using Injector.Http;

namespace Injector.Cli.Shared;

/// <summary>An option taking a Go duration (<c>90s</c>, <c>5m</c>, <c>1m30s</c>), as kubectl's and istioctl's do.</summary>
internal static class DurationOption
{
    public static Option<TimeSpan> Create(string name, string description, TimeSpan fallback) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
            if (GoDuration.TryParse(text, out var value) && value > TimeSpan.Zero) return value;
            result.AddError(name + " '" + text + "' is not a positive duration such as 90s or 5m");
            return fallback;
        },
    };
}
