using System.Text.Json.Nodes;
using Injector.Common;
using Injector.Install.Tags;
using Injector.Webhooks;
using static Injector.Tests.Tags.TagFixtures;

namespace Injector.Tests.Tags;

public sealed class TagPlannerTests
{
    [Fact]
    public void RevisionsAndTagsAreToldApartByTheTagLabel()
    {
        List<WebhookConfiguration> configs = [Revision("asm-1233-2"), IstioDefault(), Tag("prod", "asm-1233-2")];
        Assert.Equal(["asm-1233-2", "default"], new RevisionCatalog(configs).Revisions);
        var tag = Assert.Single(TagPlanner.Tags(configs));
        Assert.Equal(new TagInfo("prod", "asm-1233-2", "injector-revision-tag-prod"), tag);
    }

    [Fact]
    public void AConfigurationWithoutRevisionLabelServesTheRevisionItsServiceNames()
    {
        // As revision list and check-inject read it (RevisionCatalog): injector-R / istiod-R serve R.
        var json = WebhookJsonWriter.Write(Revision("blue"));
        json["metadata"]!["labels"]!.AsObject().Remove("istio.io/rev");
        var unlabelled = WebhookJsonReader.Read(json);
        Assert.Equal(["blue"], new RevisionCatalog([unlabelled]).Revisions);
        var plan = TagPlanner.PlanSet("prod", "blue", overwrite: false, [unlabelled]);
        Assert.Equal("injector-blue", plan.Tag.Webhooks[0].ClientConfig.Service!.Name);
    }

    [Fact]
    public void TagCopiesServiceCaAndPolicyFromItsRevision()
    {
        var plan = TagPlanner.PlanSet("prod", "canary", overwrite: false, [Revision("canary", ns: "mesh", ca: "CQgH")]);
        Assert.False(plan.ReplacesExisting);
        Assert.Empty(plan.Deactivated);
        var tag = plan.Tag;
        Assert.Equal("injector-revision-tag-prod", tag.Name);
        Assert.Equal("prod", tag.Labels["istio.io/tag"]);
        Assert.Equal("canary", tag.Labels["istio.io/rev"]);
        Assert.Equal("sidecar-injector", tag.Labels["app"]);
        Assert.All(tag.Webhooks, w =>
        {
            Assert.Equal(new ServiceReference("injector-canary", "mesh", "/inject", 443), w.ClientConfig.Service);
            Assert.Equal("CQgH", w.ClientConfig.CaBundle);
            Assert.Equal("IfNeeded", w.ReinvocationPolicy);
            Assert.Equal(7, w.TimeoutSeconds);
            Assert.Contains(w.NamespaceSelector!.MatchExpressions!, r => r.Key == "kubernetes.io/metadata.name" && r.Values!.Contains("mesh"));
        });
        Assert.Equal(["prod"], tag.Webhooks[0].NamespaceSelector!.MatchExpressions![0].Values!);
        Assert.Equal(["prod"], tag.Webhooks[1].ObjectSelector!.MatchExpressions![1].Values!);
    }

    public static TheoryData<string> ClientConfigs => new()
    {
        // The seed bug: a revision served on another port; the tag must not fall back to 443.
        { """{"service":{"name":"istiod-1-22","namespace":"istio-system","path":"/inject/cluster/c1/net/n1","port":15017},"caBundle":"Q0E="}""" },
        // A Service without path or port (the API server's defaults apply): copied as is, nothing added.
        { """{"service":{"name":"injector-canary","namespace":"mesh"},"caBundle":"Q0E="}""" },
        // A url-style clientConfig (a remote or external injector).
        { """{"url":"https://injector.example.com:8443/inject","caBundle":"Q0E="}""" },
        { """{"url":"https://injector-remote.example.org:9443/inject/net/n2"}""" },
    };

    [Theory]
    [MemberData(nameof(ClientConfigs))]
    public void TagCopiesTheRevisionsClientConfigWhole(string clientConfigJson)
    {
        var revision = RevisionWithClientConfig("canary", clientConfigJson);
        var plan = TagPlanner.PlanSet("prod", "canary", overwrite: false, [revision]);
        var written = plan.TagObject;
        Assert.All(written["webhooks"]!.AsArray(), w =>
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(clientConfigJson), w!["clientConfig"]), w!["clientConfig"]!.ToJsonString()));
    }

    [Fact]
    public void TheFirstInjectorEntryIsCopiedNotAnUnrelatedOne()
    {
        // As istioctl: the first entry whose name ends with sidecar-injector.istio.io.
        var json = WebhookJsonWriter.Write(Revision("canary"));
        var foreign = JsonNode.Parse("""{"name":"audit.example.com","clientConfig":{"url":"https://audit.example.com"},"rules":[]}""")!;
        json["webhooks"]!.AsArray().Insert(0, foreign);
        var plan = TagPlanner.PlanSet("prod", "canary", overwrite: false, [WebhookJsonReader.Read(json)]);
        Assert.Equal("injector-canary", plan.Tag.Webhooks[0].ClientConfig.Service!.Name);
    }

    [Fact]
    public void ARevisionWithoutAnInjectorEntryIsRefused()
    {
        var json = WebhookJsonWriter.Write(Revision("canary"));
        foreach (var w in json["webhooks"]!.AsArray()) w!["name"] = "other.example.com";
        var e = Assert.Throws<CommandException>(() => TagPlanner.PlanSet("prod", "canary", overwrite: false, [WebhookJsonReader.Read(json)]));
        Assert.Contains("sidecar-injector.istio.io entry", e.Message);
    }

    [Theory]
    [InlineData("canary", "canary", "is the name of an installed revision", 1)]
    [InlineData("prod", "missing", "revision 'missing' has no webhook configuration", 1)]
    [InlineData("Prod!", "canary", "must be a DNS label", 2)]
    [InlineData("prod", "canary", "already points at revision 'old'", 1)]
    public void RefusalsNameTheProblem(string tag, string revision, string expected, int exitCode)
    {
        List<WebhookConfiguration> configs = [Revision("canary"), IstioDefault(), Tag("prod", "old")];
        var e = Assert.Throws<CommandException>(() => TagPlanner.PlanSet(tag, revision, overwrite: false, configs));
        Assert.Contains(expected, e.Message);
        Assert.Equal(exitCode, e.ExitCode);
    }

    [Fact]
    public void OverwriteReplacesAtTheCurrentResourceVersion()
    {
        var plan = TagPlanner.PlanSet("prod", "canary", overwrite: true, [Revision("canary"), Tag("prod", "old")]);
        Assert.True(plan.ReplacesExisting);
        Assert.Equal("9", (string?)plan.TagObject["metadata"]!["resourceVersion"]);
        Assert.Equal("canary", plan.Tag.Labels["istio.io/rev"]);
    }

    [Fact]
    public void DefaultTagDeactivatesEveryRevisionsDefaultEntriesOnly()
    {
        var istio = IstioDefault();
        var canary = Revision("canary", isDefault: true);
        var plain = Revision("plain");
        var oldDefaultTag = Tag("default", "plain");
        var plan = TagPlanner.PlanSet("default", "canary", overwrite: true, [istio, canary, plain, oldDefaultTag]);

        Assert.Equal(["istio-sidecar-injector", "injector-canary"], plan.Deactivated.Select(c => (string?)c["metadata"]!["name"]));
        foreach (var config in plan.Deactivated)
        {
            foreach (var w in config["webhooks"]!.AsArray())
            {
                // The revision named "default" loses every entry; others only their legacy default entries.
                var deactivated = (string?)config["metadata"]!["name"] == "istio-sidecar-injector" || WebhookConfigurationBuilder.IsDefaultEntry((string)w!["name"]!);
                Assert.Equal(deactivated, IsNeverMatch(w!["namespaceSelector"]));
                Assert.Equal(deactivated, IsNeverMatch(w["objectSelector"]));
            }
            // A rewrite of the object as read: its resourceVersion goes with it.
            Assert.NotNull(config["metadata"]!["resourceVersion"]);
        }
        Assert.Equal(4, plan.Tag.Webhooks.Count);
        Assert.Contains(plan.Tag.Webhooks, w => w.Name == "namespace.sidecar-injector.istio.io");

        // Already deactivated: a second run changes nothing.
        Assert.Null(TagPlanner.DeactivateDefaultEntries(WebhookJsonReader.Read(plan.Deactivated[0])));
    }

    [Fact]
    public void DeactivationKeepsFieldsTheModelDoesNotHold()
    {
        var json = WebhookJsonWriter.Write(IstioDefault());
        json["metadata"]!["uid"] = "1234";
        json["webhooks"]![0]!["matchConditions"] = JsonNode.Parse("""[{"name":"skip","expression":"true"}]""");
        var edited = TagPlanner.DeactivateDefaultEntries(WebhookJsonReader.Read(json))!;
        Assert.Equal("1234", (string?)edited["metadata"]!["uid"]);
        Assert.Equal("skip", (string?)edited["webhooks"]![0]!["matchConditions"]![0]!["name"]);
        Assert.True(IsNeverMatch(edited["webhooks"]![0]!["namespaceSelector"]));
    }

    [Fact]
    public void DefaultTagMayShareTheDefaultRevisionsNameAndRollBackToIt()
    {
        var istio = IstioDefault();
        var forward = TagPlanner.PlanSet("default", "canary", overwrite: false, [istio, Revision("canary")]);
        Assert.Single(forward.Deactivated);
        var back = TagPlanner.PlanSet("default", "default", overwrite: true,
            [WebhookJsonReader.Read(forward.Deactivated[0]), Revision("canary"), WebhookJsonReader.Read(forward.TagObject)]);
        Assert.Equal("istiod", back.Tag.Webhooks[0].ClientConfig.Service!.Name);
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
        List<WebhookConfiguration> configs = [Revision("canary"), Tag("prod", "canary")];
        var e = Assert.Throws<CommandException>(() => TagPlanner.PlanRemove("prod", force: false, configs, ["apps", "web"]));
        Assert.Contains("apps, web", e.Message);
        Assert.Equal("injector-revision-tag-prod", TagPlanner.PlanRemove("prod", force: true, configs, ["apps"]).Name);
        Assert.Equal("injector-revision-tag-prod", TagPlanner.PlanRemove("prod", force: false, configs, []).Name);
        Assert.Throws<CommandException>(() => TagPlanner.PlanRemove("canary", force: true, configs, []));
    }

    [Fact]
    public void GenerateCopiesWhenGivenTheRevisionsAndBuildsOtherwise()
    {
        var copied = TagPlanner.PlanGenerate("prod", "canary", [RevisionWithClientConfig("canary", """{"service":{"name":"istiod-canary","namespace":"istio-system","port":15017}}""")],
            new WebhookSettings("injector-canary", "mesh"));
        Assert.Equal(new ServiceReference("istiod-canary", "istio-system", null, 15017), copied.Webhooks[0].ClientConfig.Service);
        var built = TagPlanner.PlanGenerate("prod", "canary", null, new WebhookSettings("injector-canary", "mesh"));
        Assert.Equal(new ServiceReference("injector-canary", "mesh", "/inject", 443), built.Webhooks[0].ClientConfig.Service);
        Assert.Equal(2, Assert.Throws<CommandException>(() => TagPlanner.PlanGenerate("canary", "canary", null, new WebhookSettings("x", "y"))).ExitCode);
    }

    internal static WebhookConfiguration RevisionWithClientConfig(string revision, string clientConfigJson)
    {
        var json = WebhookJsonWriter.Write(Revision(revision));
        foreach (var w in json["webhooks"]!.AsArray()) w!["clientConfig"] = JsonNode.Parse(clientConfigJson);
        return WebhookJsonReader.Read(json);
    }

    private static bool IsNeverMatch(JsonNode? selector) =>
        JsonNode.DeepEquals(selector, JsonNode.Parse("""{"matchLabels":{"istio.io/deactivated":"never-match"}}"""));
}
