using System.CommandLine;

namespace Injector.Cli.Shared;

/// <summary>How a listing command prints: a table for people, JSON or YAML (the same object) for scripts, as istioctl's <c>-o</c>.</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Yaml,
}

/// <summary>The <c>-o table|json|yaml</c> option every listing command takes.</summary>
internal static class OutputFormatOption
{
    public static Option<OutputFormat> Create(string description = "Output format: table, json or yaml.")
    {
        var option = new Option<OutputFormat>("--output", "-o")
        {
            Description = description,
            DefaultValueFactory = _ => OutputFormat.Table,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 0 ? "table" : result.Tokens[0].Value;
                switch (text)
                {
                    case "table": return OutputFormat.Table;
                    case "json": return OutputFormat.Json;
                    case "yaml": return OutputFormat.Yaml;
                }
                result.AddError("--output '" + text + "' is not one of table, json, yaml");
                return OutputFormat.Table;
            },
        };
        option.CompletionSources.Add("table", "json", "yaml");
        return option;
    }
}
