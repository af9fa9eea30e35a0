using Injector.Install.Tags;
using Injector.Install.Webhooks;
using k8s.Models;
using static Injector.Tests.Tags.TagFixtures;

namespace Injector.Tests.Tags;

public sealed class TagPlannerTests
{
    [Fact]
    public void RevisionsAndTagsAreToldApartByTheTagLabel()
    {
        List<V1MutatingWebhookConfiguration> configs = [Revision("asm-1233-2"), IstioDefault(), Tag("prod", "asm-1233-2")];
        Assert.Equal(["asm-1233-2", "default"], TagPlanner.Revisions(configs));
        var tag = Assert.Single(TagPlanner.Tags(configs));
        Assert.Equal(new TagInfo("prod", "asm-1233-2", "injector-revision-tag-prod"), tag);
    }

    [Fact]
    public void TagCopiesServiceCaAndPolicyFromItsRevision()
    {
        byte[] ca = [9, 8, 7];
        var plan = TagPlanner.PlanSet("prod", "canary", overwrite: false, [Revision("canary", ns: "mesh", ca: ca)]);
        Assert.False(plan.ReplacesExisting);
        Assert.Empty(plan.Deactivated);
        var tag = plan.Tag;
        Assert.Equal("injector-revision-tag-prod", tag.Metadata.Name);
        Assert.Equal("prod", tag.Metadata.Labels["istio.io/tag"]);
        Assert.Equal("canary", tag.Metadata.Labels["istio.io/rev"]);
        Assert.Equal("sidecar-injector", tag.Metadata.Labels["app"]);
        Assert.All(tag.Webhooks, w =>
        {
            Assert.Equal("injector-canary", w.ClientConfig.Service.Name);
            Assert.Equal("mesh", w.ClientConfig.Service.NamespaceProperty);
            Assert.Equal(ca, w.ClientConfig.CaBundle);
            Assert.Equal("IfNeeded", w.ReinvocationPolicy);
            Assert.Equal(7, w.TimeoutSeconds);
            Assert.Contains(w.NamespaceSelector.MatchExpressions, r => r.Key == "kubernetes.io/metadata.name" && r.Values.Contains("mesh"));
        });
        Assert.Equal(["prod"], tag.Webhooks[0].NamespaceSelector.MatchExpressions[0].Values);
        Assert.Equal(["prod"], tag.Webhooks[1].ObjectSelector.MatchExpressions[1].Values);
    }

    [Theory]
    [InlineData("canary", "canary", "is the name of an installed revision")]
    [InlineData("prod", "missing", "revision 'missing' has no webhook configuration")]
    [InlineData("Prod!", "canary", "must be a DNS label")]
    [InlineData("prod", "canary", "already points at revision 'old'")]
    public void RefusalsNameTheProblem(string tag, string revision, string expected)
    {
        List<V1MutatingWebhookConfiguration> configs = [Revision("canary"), IstioDefault(), Tag("prod", "old")];
        var e = Assert.Throws<TagException>(() => TagPlanner.PlanSet(tag, revision, overwrite: false, configs));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void OverwriteReplacesAtTheCurrentResourceVersion()
    {
        var plan = TagPlanner.PlanSet("prod", "canary", overwrite: true, [Revision("canary"), Tag("prod", "old")]);
        Assert.True(plan.ReplacesExisting);
        Assert.Equal("9", plan.Tag.Metadata.ResourceVersion);
        Assert.Equal("canary", plan.Tag.Metadata.Labels["istio.io/rev"]);
    }

    [Fact]
    public void DefaultTagDeactivatesEveryRevisionsDefaultEntriesOnly()
    {
        var istio = IstioDefault();
        var canary = Revision("canary", isDefault: true);
        var plain = Revision("plain");
        var oldDefaultTag = Tag("default", "plain");
        var plan = TagPlanner.PlanSet("default", "canary", overwrite: true, [istio, canary, plain, oldDefaultTag]);

        Assert.Equal(["istio-sidecar-injector", "injector-canary"], plan.Deactivated.Select(c => c.Metadata.Name));
        foreach (var config in plan.Deactivated)
        {
            foreach (var w in config.Webhooks)
            {
                // The revision named "default" loses every entry; others only their legacy default entries.
                var deactivated = config.Metadata.Name == "istio-sidecar-injector" || WebhookConfigurationBuilder.IsDefaultEntry(w.Name);
                Assert.Equal(deactivated, IsNeverMatch(w.NamespaceSelector));
                Assert.Equal(deactivated, IsNeverMatch(w.ObjectSelector));
            }
        }
        Assert.Equal(4, plan.Tag.Webhooks.Count);
        Assert.Contains(plan.Tag.Webhooks, w => w.Name == "namespace.sidecar-injector.istio.io");

        // Already deactivated: a second run changes nothing.
        Assert.False(TagPlanner.DeactivateDefaultEntries(istio));
    }

    [Fact]
    public void DefaultTagMayShareTheDefaultRevisionsNameAndRollBackToIt()
    {
        var istio = IstioDefault();
        var forward = TagPlanner.PlanSet("default", "canary", overwrite: false, [istio, Revision("canary")]);
        Assert.Single(forward.Deactivated);
        var back = TagPlanner.PlanSet("default", "default", overwrite: true, [istio, Revision("canary"), forward.Tag]);
        Assert.Equal("istiod", back.Tag.Webhooks[0].ClientConfig.Service.Name);
        Assert.Empty(back.Deactivated);
    }

    [Fact]
    public void OtherTagsDeactivateNothing()
    {
        var plan = TagPlanner.PlanSet("prod", "canary", overwrite: false, [IstioDefault(), Revision("canary")]);
        Assert.Empty(plan.Deactivated);
    }

    [Fact]
    public void RemoveRefusesWhileNamespacesUseTheTag()
    {
        List<V1MutatingWebhookConfiguration> configs = [Revision("canary"), Tag("prod", "canary")];
        var e = Assert.Throws<TagException>(() => TagPlanner.PlanRemove("prod", force: false, configs, ["apps", "web"]));
        Assert.Contains("apps, web", e.Message);
        Assert.Equal("injector-revision-tag-prod", TagPlanner.PlanRemove("prod", force: true, configs, ["apps"]).Metadata.Name);
        Assert.Equal("injector-revision-tag-prod", TagPlanner.PlanRemove("prod", force: false, configs, []).Metadata.Name);
        Assert.Throws<TagException>(() => TagPlanner.PlanRemove("canary", force: true, configs, []));
    }

    private static bool IsNeverMatch(V1LabelSelector s) =>
        s.MatchLabels is { Count: 1 } l && l["istio.io/deactivated"] == "never-match" && s.MatchExpressions is null;
}
