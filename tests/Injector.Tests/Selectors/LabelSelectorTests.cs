using Injector.Selectors;

namespace Injector.Tests.Selectors;

public sealed class LabelSelectorTests
{
    private static LabelSelectorRequirement Req(string key, string op, params string[] values) =>
        new() { Key = key, Operator = op, Values = values.Length == 0 ? null : [.. values] };

    public static TheoryData<string, LabelSelector, Dictionary<string, string>, bool> Cases => new()
    {
        { "empty matches all", new LabelSelector(), new() { ["a"] = "b" }, true },
        { "matchLabels hit", new LabelSelector { MatchLabels = new() { ["app"] = "x" } }, new() { ["app"] = "x" }, true },
        { "matchLabels wrong value", new LabelSelector { MatchLabels = new() { ["app"] = "x" } }, new() { ["app"] = "y" }, false },
        { "matchLabels absent", new LabelSelector { MatchLabels = new() { ["app"] = "x" } }, new(), false },
        { "In hit", new LabelSelector { MatchExpressions = [Req("istio.io/rev", "In", "canary")] }, new() { ["istio.io/rev"] = "canary" }, true },
        { "In absent", new LabelSelector { MatchExpressions = [Req("istio.io/rev", "In", "canary")] }, new(), false },
        { "NotIn absent key matches", new LabelSelector { MatchExpressions = [Req("sidecar.istio.io/inject", "NotIn", "false")] }, new(), true },
        { "NotIn excluded value", new LabelSelector { MatchExpressions = [Req("sidecar.istio.io/inject", "NotIn", "false")] }, new() { ["sidecar.istio.io/inject"] = "false" }, false },
        { "Exists", new LabelSelector { MatchExpressions = [Req("k", "Exists")] }, new() { ["k"] = "" }, true },
        { "DoesNotExist fails when present", new LabelSelector { MatchExpressions = [Req("istio-injection", "DoesNotExist")] }, new() { ["istio-injection"] = "enabled" }, false },
        { "labels AND expressions", new LabelSelector { MatchLabels = new() { ["a"] = "1" }, MatchExpressions = [Req("b", "Exists")] }, new() { ["a"] = "1" }, false },
        { "unknown operator never matches", new LabelSelector { MatchExpressions = [Req("a", "Gt", "1")] }, new() { ["a"] = "2" }, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EvaluatesLikeKubeApiserver(string name, LabelSelector selector, Dictionary<string, string> labels, bool expected)
    {
        Assert.True(expected == selector.Matches(labels), name);
    }
}
