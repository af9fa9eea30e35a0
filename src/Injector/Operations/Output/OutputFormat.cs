using System.CommandLine;

namespace Injector.Operations.Output;

/// <summary>The <c>-o table|json</c> option.</summary>
internal static class OutputFormat
{
    public const string Table = "table";
    public const string Json = "json";

    public static Option<string> CreateOption()
    {
        var option = new Option<string>("--output", "-o") { Description = "Output format: table or json.", DefaultValueFactory = _ => Table };
        option.AcceptOnlyFromAmong(Table, Json);
        return option;
    }
}
