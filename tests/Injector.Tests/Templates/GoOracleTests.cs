using System.Text;
using System.Text.Json;
using Injector.Templates;
using Injector.Templates.Functions;
using Injector.Tests.Support;

namespace Injector.Tests.Templates;

/// <summary>
/// The engine against Go itself. <c>TestData/go-cases.json</c> holds templates, their data (a fixture name) and what
/// Go printed: cases whose <c>source</c> is <c>go1.19</c> were run through Go 1.19's <c>text/template</c> with
/// Sprig v3.3.0's and Istio's functions (a program kept outside the repository); the others say why they were written
/// by hand (Go 1.21-1.24 changes the installed Go cannot show, and Sprig dependencies the oracle could not build).
/// Output before an error is compared too, as Go leaves it in the writer.
/// </summary>
public sealed class GoOracleTests
{
    private static readonly FunctionTable Functions = FunctionTable.Create();

    private static readonly Dictionary<string, OracleCase> Cases = Load();

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys)
        {
            data.Add(name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesGo(string name)
    {
        var c = Cases[name];
        var output = new StringBuilder();
        string error = "";
        try
        {
            var template = GoTemplate.Parse("inject", c.Template, Functions);
            template.Execute(TemplateFixtures.Data(c.Data), output);
        }
        catch (TemplateException ex)
        {
            error = ex.Message;
        }
        Assert.Equal(c.Error, error);
        Assert.Equal(c.Output, output.ToString());
    }

    private static Dictionary<string, OracleCase> Load()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "tests", "Injector.Tests", "Templates", "TestData", "go-cases.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var cases = new Dictionary<string, OracleCase>(StringComparer.Ordinal);
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var c = new OracleCase(
                item.GetProperty("template").GetString()!,
                item.GetProperty("data").GetString()!,
                item.GetProperty("output").GetString()!,
                item.GetProperty("error").GetString()!);
            cases.Add(item.GetProperty("name").GetString()!, c);
        }
        return cases;
    }

    private sealed record OracleCase(string Template, string Data, string Output, string Error);
}
