using System.Text;
using Injector.Templates;
using Injector.Templates.Functions;
using Injector.Tests.Support;

namespace Injector.Tests.Templates;

/// <summary>
/// Random templates (token soup, and the stock templates with random edits) over the test data: parsing and execution
/// either succeed or throw <see cref="TemplateException"/>; nothing else escapes, nothing hangs.
/// </summary>
public sealed class TemplateFuzzTests
{
    private static readonly FunctionTable Functions = FunctionTable.Create();

    private static readonly string[] Vocabulary =
    [
        "{{", "}}", "{{- ", " -}}", "{{/*", "*/}}", " ", "\n", "\t", "|", "(", ")", ",", ":=", "=", ".", "$", "$x", "$y",
        "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue", "nil", "true", "false",
        ".Name", ".Values.global", ".List", ".Strs.a", ".Nil.Value", ".Ptr.GetValue", ".Count", ".Mode", "\"s\"", "`r`",
        "'c'", "1", "-2", "0x1F", "1.5e3", "1e400", "1__0", "\"\\u00e9\"", "\"bad\\q\"", "eq", "and", "or", "not", "index",
        "len", "printf", "\"%d %v %q %9999999d\"", "print", "toJson", "fromJson", "list", "dict", "default", "quote",
        "indent", "nindent", "toYaml", "omitNil", "until", "repeat", "regexMatch", "\"(a*)*\"", "split", "append", "set",
        "deepCopy", "annotation", ".Meta", "isset", "\u00e9", "\U0001F600", "\u2028", "#", "@", "{", "}", "\"", "`",
    ];

    private static readonly TemplateExecutionLimits SmallLimits = new()
    {
        MaxOutputChars = 100_000,
        MaxSteps = 20_000,
        MaxWorkChars = 1_000_000,
    };

    [Fact]
    public void TokenSoupOnlyEverFailsWithTemplateExceptions()
    {
        var random = new Random(20261127);
        var data = TemplateFixtures.Typed();
        for (int i = 0; i < 4000; i++)
        {
            var text = new StringBuilder();
            int count = random.Next(1, 40);
            for (int t = 0; t < count; t++)
            {
                text.Append(Vocabulary[random.Next(Vocabulary.Length)]);
                if (random.Next(3) == 0)
                {
                    text.Append(' ');
                }
            }
            RunExpectingOnlyTemplateErrors(text.ToString(), data);
        }
    }

    [Fact]
    public void EditedStockTemplatesOnlyEverFailWithTemplateExceptions()
    {
        var random = new Random(1127);
        var data = SidecarTemplateTests.SidecarData();
        var stock = Directory.GetFiles(Path.Combine(TestPaths.TestData, "istio", "templates"), "*.yaml")
            .Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();
        for (int i = 0; i < 600; i++)
        {
            var text = new StringBuilder(stock[random.Next(stock.Length)]);
            int edits = random.Next(1, 6);
            for (int e = 0; e < edits; e++)
            {
                int at = random.Next(text.Length);
                switch (random.Next(4))
                {
                    case 0:
                        text.Remove(at, Math.Min(random.Next(1, 40), text.Length - at));
                        break;
                    case 1:
                        text.Insert(at, Vocabulary[random.Next(Vocabulary.Length)]);
                        break;
                    case 2:
                        int length = Math.Min(random.Next(1, 200), text.Length - at);
                        text.Insert(random.Next(text.Length), text.ToString(at, length));
                        break;
                    default:
                        text[at] = "{}()|.$\"-"[random.Next(9)];
                        break;
                }
            }
            RunExpectingOnlyTemplateErrors(text.ToString(), data);
        }
    }

    private static void RunExpectingOnlyTemplateErrors(string text, object data)
    {
        try
        {
            var template = GoTemplate.Parse("inject", text, Functions);
            template.Execute(data, SmallLimits);
        }
        catch (TemplateException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            Assert.StartsWith("template: ", ex.Message);
        }
        catch (Exception ex)
        {
            Assert.Fail("template " + Preview(text) + " threw " + ex);
        }
    }

    private static string Preview(string text) => Injector.Templates.Formatting.GoQuote.Quote(text.Length > 300 ? text[..300] : text);
}
