using Injector.Templates;
using Injector.Templates.Functions;
using Injector.Tests.Support;

namespace Injector.Tests.Templates;

/// <summary>Every injection template Istio ships parses with the injector's engine and function table.</summary>
public sealed class StockTemplateTests
{
    private static readonly string FilesDirectory = Path.Combine(TestPaths.TestData, "istio", "templates");

    public static TheoryData<string> StockFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(FilesDirectory, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(StockFiles))]
    public void StockTemplateParses(string file)
    {
        var text = File.ReadAllText(Path.Combine(FilesDirectory, file));
        var template = GoTemplate.Parse("inject", text, FunctionTable.Create());
        Assert.Contains("inject", template.TemplateNames);
    }
}
