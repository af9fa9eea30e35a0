using System.CommandLine;

namespace Injector.Cli.Serve;

internal delegate bool TryParseValue<T>(string text, out T value);

/// <summary>
/// An option with an environment-variable twin: the flag wins, else the variable, else the default.
/// The variable's name is part of the description so <c>--help</c> shows it.
/// </summary>
internal static class EnvironmentOption
{
    public static Option<T> Create<T>(string name, string variable, string description, T fallback, TryParseValue<T> parse, string expected)
    {
        var option = new Option<T>(name) { Description = description + " [env: " + variable + "]" };
        option.DefaultValueFactory = FromEnvironment;
        option.CustomParser = result =>
        {
            // Also called without tokens when the option is absent: fall back to the environment then.
            if (result.Tokens.Count == 0) return FromEnvironment(result);
            var text = result.Tokens[0].Value;
            if (parse(text, out var value)) return value;
            result.AddError(name + " '" + text + "' is not " + expected);
            return fallback;
        };
        return option;

        T FromEnvironment(System.CommandLine.Parsing.ArgumentResult result)
        {
            var text = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(text)) return fallback;
            if (parse(text, out var value)) return value;
            result.AddError(variable + "='" + text + "' is not " + expected);
            return fallback;
        }
    }

    public static Option<string?> CreateString(string name, string variable, string description, string? fallback = null) =>
        Create<string?>(name, variable, description, fallback, static (string text, out string? value) =>
        {
            value = text;
            return text.Length > 0;
        }, "a non-empty value");
}
