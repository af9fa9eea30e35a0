using Injector.Common;
using Injector.Operations.Migration;
using Injector.Tests.Fakes;

namespace Injector.Tests.Operations;

public sealed class NamespaceLabelPlannerTests
{
    private static readonly Dictionary<string, string> None = new();

    public static TheoryData<string, string> StartingPoints() => new()
    {
        { "default revision via istio-injection", "istio-injection=enabled,team=a" },
        { "old revision via istio.io/rev", "istio.io/rev=1-22" },
        { "tag", "istio.io/rev=prod,team=b" },
        { "both labels", "istio-injection=enabled,istio.io/rev=1-22" },
        { "no injection labels", "team=c" },
        { "disabled", "istio-injection=disabled" },
    };

    [Theory]
    [MemberData(nameof(StartingPoints))]
    public void MigrateThenRollbackRestoresTheExactLabels(string name, string labelText)
    {
        _ = name;
        var original = OperationsTestData.Labels(labelText);

        var migrate = NamespaceLabelPlanner.PlanMigration("app", original, None, "asm-1233-2");
        var (migratedLabels, migratedAnnotations) = Apply(original, None, migrate);

        Assert.Equal("asm-1233-2", migratedLabels["istio.io/rev"]);
        Assert.False(migratedLabels.ContainsKey("istio-injection"));
        Assert.Equal(original.Where(l => l.Key is not ("istio.io/rev" or "istio-injection")),
            migratedLabels.Where(l => l.Key is not ("istio.io/rev" or "istio-injection")));

        var rollback = NamespaceLabelPlanner.PlanRollback("app", migratedLabels, migratedAnnotations);
        var (restoredLabels, restoredAnnotations) = Apply(migratedLabels, migratedAnnotations, rollback);

        Assert.Equal(original.OrderBy(l => l.Key), restoredLabels.OrderBy(l => l.Key));
        Assert.False(restoredAnnotations.ContainsKey(NamespaceLabelPlanner.PreviousLabelsAnnotation));
    }

    [Fact]
    public void MigrateRemembersOnlyTheInjectionLabelsAsJson()
    {
        var change = NamespaceLabelPlanner.PlanMigration("app", OperationsTestData.Labels("istio-injection=enabled,team=a"), None, "canary");

        Assert.Equal("""{"istio-injection":"enabled"}""", change.Annotation!.Value.Value);
        Assert.Equal(
            ["namespace/app: label istio-injection removed (was enabled)",
             "namespace/app: label istio.io/rev=canary added",
             """namespace/app: annotation injector.io/previous-injection-labels={"istio-injection":"enabled"} set"""],
            change.Describe());
        Assert.Equal("""{"metadata":{"labels":{"istio-injection":null,"istio.io/rev":"canary"},"annotations":{"injector.io/previous-injection-labels":"{\u0022istio-injection\u0022:\u0022enabled\u0022}"}}}""",
            change.ToMergePatch().ToJsonString());
    }

    [Fact]
    public void MigrateToTheCurrentTargetChangesNothingAndKeepsTheMemory()
    {
        var annotations = new Dictionary<string, string> { [NamespaceLabelPlanner.PreviousLabelsAnnotation] = """{"istio.io/rev":"1-22"}""" };
        var change = NamespaceLabelPlanner.PlanMigration("app", OperationsTestData.Labels("istio.io/rev=canary"), annotations, "canary");

        Assert.True(change.IsEmpty);
        Assert.Empty(change.Describe());
    }

    [Fact]
    public void RollbackWithoutMemoryIsRefused()
    {
        var error = Assert.Throws<CommandException>(() => NamespaceLabelPlanner.PlanRollback("app", OperationsTestData.Labels("istio.io/rev=x"), None));
        Assert.Contains("nothing to roll back", error.Message);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public void RollbackWithAGarbledMemoryIsRefusedClearly(string remembered)
    {
        var annotations = new Dictionary<string, string> { [NamespaceLabelPlanner.PreviousLabelsAnnotation] = remembered };
        var error = Assert.Throws<CommandException>(() => NamespaceLabelPlanner.PlanRollback("app", None, annotations));
        Assert.Contains("is not a JSON object of labels", error.Message);
    }

    /// <summary>Applies the change's merge patch with the fake API server's RFC 7386 applier.</summary>
    private static (Dictionary<string, string> Labels, Dictionary<string, string> Annotations) Apply(
        Dictionary<string, string> labels, Dictionary<string, string> annotations, NamespaceLabelChange change)
    {
        var ns = new System.Text.Json.Nodes.JsonObject { ["metadata"] = new System.Text.Json.Nodes.JsonObject
        {
            ["labels"] = ToJson(labels),
            ["annotations"] = ToJson(annotations),
        } };
        FakePatch.ApplyMergePatch(ns, change.ToMergePatch());
        return (new(JsonFields.Labels(ns)), new(JsonFields.Annotations(ns)));
    }

    private static System.Text.Json.Nodes.JsonObject ToJson(Dictionary<string, string> map)
    {
        var o = new System.Text.Json.Nodes.JsonObject();
        foreach (var (k, v) in map) o[k] = v;
        return o;
    }
}
