using Injector.Templates;
using Injector.Templates.Functions;
using Injector.Templates.Values;

namespace Injector.Tests.Templates;

/// <summary>
/// Regular expressions in templates: a literal pattern is compiled when the template is parsed; any other is compiled
/// for the one execution that asks for it, so patterns a request brings fill no state shared between requests.
/// </summary>
public sealed class RegexPatternTests
{
    private static readonly FunctionTable Functions = FunctionTable.Create();

    private static GoAnyMap Data(params (string Key, object? Value)[] entries) =>
        GoAnyMap.ReadOnly([.. entries.Select(e => KeyValuePair.Create(e.Key, e.Value))]);

    [Fact]
    public void Literal_patterns_are_compiled_at_parse_and_a_bad_literal_still_fails_when_run()
    {
        var template = GoTemplate.Parse("inject",
            "{{ regexMatch \"^a+$\" .s }} {{ .s | regexMatch \"a\" }} {{ regexFind .p .s }} {{ if .bad }}{{ regexFind \"(\" .s }}{{ end }}",
            Functions);

        Assert.Equal(["^a+$", "a"], template.Patterns.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("true true aa ", template.Execute(Data(("s", "aaa"), ("p", "a{2}"), ("bad", false))));
        var ex = Assert.Throws<TemplateException>(() => template.Execute(Data(("s", "aaa"), ("p", "a"), ("bad", true))));
        Assert.Contains("regexp: Compile(`(`): error parsing regexp: missing closing ): `(`", ex.Message);
    }

    [Fact]
    public void Patterns_from_the_data_are_compiled_per_execution_and_never_kept_by_the_template()
    {
        var template = GoTemplate.Parse("inject", "{{ range .ps }}{{ regexMatch . $.s }},{{ end }}", Functions);
        Assert.Empty(template.Patterns);
        for (var round = 0; round < 3; round++)
        {
            // More distinct patterns than an execution keeps: every one still answers right.
            var patterns = Enumerable.Range(0, 40).Select(i => "^x" + i + "$").ToArray();
            var expected = string.Concat(patterns.Select(p => (p == "^x7$" ? "true" : "false") + ","));
            Assert.Equal(expected, template.Execute(Data(("ps", GoListSlice.Strings(patterns)), ("s", "x7"))));
        }
        Assert.Empty(template.Patterns);
    }

    [Fact]
    public void No_static_field_of_the_engine_holds_a_collection_requests_could_fill()
    {
        // The template engine, the rendered and compiled paths: static collections are frozen or arrays set at load.
        var assembly = typeof(GoTemplate).Assembly;
        var offenders = new List<string>();
        foreach (var type in assembly.GetTypes())
        {
            foreach (var field in type.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.DeclaredOnly))
            {
                if (field.IsLiteral) continue;
                var t = field.FieldType;
                if (!t.IsGenericType) continue;
                var definition = t.GetGenericTypeDefinition();
                if (definition == typeof(Dictionary<,>) || definition == typeof(List<>) || definition == typeof(HashSet<>)
                    || definition == typeof(System.Collections.Concurrent.ConcurrentDictionary<,>) || definition == typeof(Lazy<>))
                {
                    offenders.Add(type.FullName + "." + field.Name + " (" + definition.Name + ")");
                }
            }
        }
        // Load-time only, argued where they are declared: chart files read by install inputs (bounded by the embedded
        // files), and the chart's and istioctl's defaults parsed once.
        string[] argued =
        [
            "Injector.Istio.Install.ChartResources.Texts (ConcurrentDictionary`2)",
            "Injector.Istio.Install.ChartResources.DefaultsTree (Lazy`1)",
            "Injector.Istio.Install.ChartResources.SharedDefaults (Lazy`1)",
            "Injector.Istio.Install.InstallInputs.DefaultTexts (Lazy`1)",
        ];
        Assert.Equal(argued.Order(StringComparer.Ordinal), offenders.Order(StringComparer.Ordinal));
    }
}
