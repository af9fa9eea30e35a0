using System.Net;
using System.Text.Json.Nodes;
using Injector.Install.Manifests;
using Injector.Kubernetes;
using Injector.Tests.Fakes;

namespace Injector.Tests.Manifests;

/// <summary>
/// The rendered ValidatingAdmissionPolicy, evaluated by a CEL implementation (<see cref="FakeAdmissionPolicy"/>):
/// the injector's ServiceAccount may change the caBundle of the webhooks that call its Service, in its own
/// configuration and its tags, and nothing else; it may create only its certificate Secret; every other user is left
/// alone. Then the same through the fake API server for every form a write can take. kube-apiserver evaluates it
/// with cel-go; tools/check-least-privilege.sh asks a real one the same questions.
/// </summary>
public sealed class AdmissionPolicyTests
{
    private const string Own = "injector-asm-1233-2", Rev = "asm-1233-2";
    private const string Configurations = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";
    private const string OnlyItsOwn = "may change only its own webhook configuration injector-asm-1233-2 and the tags labelled istio.io/rev=asm-1233-2";
    private const string NothingButCaBundle = "may change nothing in a webhook configuration but webhooks[*].clientConfig.caBundle";
    private const string NoMetadata = "may not change a webhook configuration's metadata";
    private const string OnlyItsService = "may change the caBundle only of webhooks calling its Service istio-system/injector-asm-1233-2";
    private const string NoCreateOrDelete = "may not create or delete webhook configurations";
    private const string OnlyItsSecret = "may create only the Secret istio-system/injector-asm-1233-2-tls";

    private static readonly ManifestOptions Install = new(Rev);
    private static readonly RenderedAccess Access = RenderedAccess.For(Install);
    private static FakeAdmissionPolicy Policy => Access.Policy!;

    /// <summary>A configuration the way the API server hands it to admission: server-written metadata included.</summary>
    private static JsonObject Stored(string name, string? revision = Rev, string? tag = null, string service = Own)
    {
        var configuration = AccessTestData.Configuration(name, revision, tag, service);
        var metadata = configuration["metadata"]!.AsObject();
        metadata["uid"] = "8d3c9a2e-0000-4000-8000-000000000001";
        metadata["resourceVersion"] = "4711";
        metadata["creationTimestamp"] = "2026-01-01T00:00:00Z";
        metadata["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "kubectl", ["operation"] = "Apply" });
        return configuration;
    }

    private static string? Update(JsonObject before, Action<JsonObject> change, string user = "")
    {
        var after = (JsonObject)before.DeepClone();
        change(after);
        // What the API server itself changes on every write.
        after["metadata"]!["resourceVersion"] = "4712";
        after["metadata"]!["generation"] = 2;
        after["metadata"]!["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "injector", ["operation"] = "Update" });
        return Policy.Evaluate(Attempt("UPDATE", Configurations, JsonFields(before, "name"), before, after, user));
    }

    private static string JsonFields(JsonObject obj, string field) => (string)obj["metadata"]![field]!;

    private static FakeAdmission Attempt(string operation, string collection, string? name, JsonObject? old, JsonObject? updated, string user = "")
    {
        Assert.True(FakeKubePath.TryParse(collection + (name is null ? "" : "/" + name), out var target));
        return new FakeAdmission(operation, target, user.Length == 0 ? Access.UserName : user, old, updated);
    }

    private static JsonObject Hook(JsonObject configuration, int index) => configuration["webhooks"]![index]!.AsObject();
    private static JsonObject Client(JsonObject configuration, int index) => Hook(configuration, index)["clientConfig"]!.AsObject();

    private static void SetBundle(JsonObject configuration)
    {
        foreach (var webhook in configuration["webhooks"]!.AsArray()) webhook!["clientConfig"]!["caBundle"] = "bmV3LWNh";
    }

    /// <summary>Each change to the revision's own configuration and the refusal it gets (null: admitted).</summary>
    public static TheoryData<string> OwnConfigurationChanges => [.. OwnChanges.Keys];

    private static readonly Dictionary<string, (Action<JsonObject> Change, string? Refusal)> OwnChanges = new()
    {
        ["caBundle set"] = (SetBundle, null),
        ["caBundle of one webhook"] = (c => Client(c, 1)["caBundle"] = "bmV3LWNh", null),
        ["caBundle set to empty"] = (c => Client(c, 0)["caBundle"] = "", null),
        ["label added"] = (c => c["metadata"]!["labels"]!["team"] = "x", NoMetadata),
        ["revision label changed"] = (c => c["metadata"]!["labels"]!["istio.io/rev"] = "1-22", NoMetadata),
        ["labels removed"] = (c => c["metadata"]!.AsObject().Remove("labels"), NoMetadata),
        ["annotation added"] = (c => c["metadata"]!["annotations"] = new JsonObject { ["cert-manager.io/inject-ca-from"] = "x/y" }, NoMetadata),
        ["owner added"] = (c => c["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = "Namespace", ["name"] = "gone", ["uid"] = "1" }), NoMetadata),
        ["finalizer added"] = (c => c["metadata"]!["finalizers"] = new JsonArray("block"), NoMetadata),
        ["unknown metadata field"] = (c => c["metadata"]!["futureField"] = "x", NoMetadata),
        ["unknown top-level field"] = (c => c["futureSpec"] = new JsonObject(), NoMetadata),
        ["service port"] = (c => Client(c, 0)["service"]!["port"] = 8443, NothingButCaBundle),
        ["service path"] = (c => Client(c, 0)["service"]!["path"] = "/evil", NothingButCaBundle),
        ["service name"] = (c => Client(c, 0)["service"]!["name"] = "evil", NothingButCaBundle),
        ["service namespace"] = (c => Client(c, 0)["service"]!["namespace"] = "evil", NothingButCaBundle),
        ["url instead of service"] = (c => { Client(c, 0).Remove("service"); Client(c, 0)["url"] = "https://evil.example/inject"; }, NothingButCaBundle),
        ["url beside service"] = (c => Client(c, 0)["url"] = "https://evil.example/inject", NothingButCaBundle),
        ["unknown clientConfig field"] = (c => Client(c, 0)["futureField"] = "x", NothingButCaBundle),
        ["rules"] = (c => Hook(c, 0)["rules"]![0]!["resources"] = new JsonArray("*"), NothingButCaBundle),
        ["failurePolicy"] = (c => Hook(c, 0)["failurePolicy"] = "Ignore", NothingButCaBundle),
        ["namespaceSelector"] = (c => Hook(c, 0)["namespaceSelector"] = new JsonObject(), NothingButCaBundle),
        ["objectSelector removed"] = (c => Hook(c, 0).Remove("objectSelector"), NothingButCaBundle),
        ["timeoutSeconds"] = (c => Hook(c, 0)["timeoutSeconds"] = 30, NothingButCaBundle),
        ["sideEffects"] = (c => Hook(c, 0)["sideEffects"] = "NoneOnDryRun", NothingButCaBundle),
        ["reinvocationPolicy"] = (c => Hook(c, 0)["reinvocationPolicy"] = "IfNeeded", NothingButCaBundle),
        ["matchConditions added"] = (c => Hook(c, 0)["matchConditions"] = new JsonArray(new JsonObject { ["name"] = "x", ["expression"] = "false" }), NothingButCaBundle),
        ["unknown webhook field"] = (c => Hook(c, 1)["futureField"] = 1, NothingButCaBundle),
        ["webhook added"] = (c => c["webhooks"]!.AsArray().Add(AccessTestData.Webhook("evil.sidecar-injector.istio.io", Own, "istio-system")), NothingButCaBundle),
        ["webhook removed"] = (c => c["webhooks"]!.AsArray().RemoveAt(1), NothingButCaBundle),
        ["webhooks removed"] = (c => c.Remove("webhooks"), NothingButCaBundle),
        ["webhooks reordered"] = (c => { var w = c["webhooks"]!.AsArray(); var first = w[0]!; w.RemoveAt(0); w.Add(first); }, NothingButCaBundle),
        ["webhook renamed"] = (c => Hook(c, 1)["name"] = "renamed.sidecar-injector.istio.io", NothingButCaBundle),
        ["caBundle and port"] = (c => { SetBundle(c); Client(c, 1)["service"]!["port"] = 1; }, NothingButCaBundle),
    };

    [Theory]
    [MemberData(nameof(OwnConfigurationChanges))]
    public void OwnConfigurationAdmitsOnlyCaBundleChanges(string change)
    {
        var (apply, refusal) = OwnChanges[change];
        var answer = Update(Stored(Own), apply);
        if (refusal is null) Assert.Null(answer);
        else Assert.Contains(refusal, answer ?? "(admitted)");
    }

    [Theory]
    [InlineData("injector-revision-tag-prod", Rev, "prod", Own, null)]                             // its tag
    [InlineData("cert-manager-webhook", null, null, "cert-manager-webhook", OnlyItsOwn)]            // anyone else's webhook
    [InlineData("injector-1-22", "1-22", null, "injector-1-22", OnlyItsOwn)]                        // another revision
    [InlineData("injector-revision-tag-default", "1-22", "default", "injector-1-22", OnlyItsOwn)]   // another revision's tag
    [InlineData("stray-asm-1233-2", Rev, null, Own, OnlyItsOwn)]                                    // its label, but no tag
    [InlineData("istio-revision-tag-canary", Rev, "canary", "istiod-asm-1233-2", OnlyItsService)]   // its tag label, Istio's service
    public void CaBundleChangesOnlyInItsOwnConfigurationAndTagsForItsService(string name, string? revision, string? tag, string service, string? refusal)
    {
        var answer = Update(Stored(name, revision, tag, service), SetBundle);
        if (refusal is null) Assert.Null(answer);
        else Assert.Contains(refusal, answer ?? "(admitted)");
    }

    [Fact]
    public void ACaBundleOfAnotherServiceInItsOwnConfigurationIsRefused()
    {
        var configuration = Stored(Own);
        Client(configuration, 1)["service"]!["name"] = "istiod-asm-1233-2";
        Assert.Null(Update(configuration, c => Client(c, 0)["caBundle"] = "bmV3LWNh"));
        Assert.Contains(OnlyItsService, Update(configuration, c => Client(c, 1)["caBundle"] = "bmV3LWNh"));
    }

    [Fact]
    public void AForeignConfigurationCannotBeRelabelledIntoTheRevision()
    {
        var answer = Update(Stored("cert-manager-webhook", revision: null, service: "cert-manager-webhook"), c =>
        {
            c["metadata"]!["labels"]!["istio.io/rev"] = Rev;
            c["metadata"]!["labels"]!["istio.io/tag"] = "x";
            SetBundle(c);
        });
        Assert.Contains(OnlyItsOwn, answer);
        Assert.Contains(NoMetadata, answer);
    }

    [Fact]
    public void CreateAndDeleteAreRefusedAndOnlyItsSecretMayBeCreated()
    {
        var tag = Stored("injector-revision-tag-new", Rev, "new");
        Assert.Contains(NoCreateOrDelete, Policy.Evaluate(Attempt("CREATE", Configurations, tag["metadata"]!["name"]!.ToString(), null, tag)));
        Assert.Contains(NoCreateOrDelete, Policy.Evaluate(Attempt("DELETE", Configurations, Own, Stored(Own), null)));

        JsonObject Secret(string name, string ns) => new()
        {
            ["apiVersion"] = "v1", ["kind"] = "Secret", ["type"] = "Opaque",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        };
        Assert.Null(Policy.Evaluate(Attempt("CREATE", "/api/v1/namespaces/istio-system/secrets", Own + "-tls", null, Secret(Own + "-tls", "istio-system"))));
        // istiod would take a Secret named cacerts as the mesh's CA: RBAC cannot stop that create, the policy does.
        Assert.Contains(OnlyItsSecret, Policy.Evaluate(Attempt("CREATE", "/api/v1/namespaces/istio-system/secrets", "cacerts", null, Secret("cacerts", "istio-system"))));
        Assert.Contains(OnlyItsSecret, Policy.Evaluate(Attempt("CREATE", "/api/v1/namespaces/other/secrets", Own + "-tls", null, Secret(Own + "-tls", "other"))));
    }

    [Fact]
    public void OtherUsersAreNotChecked()
    {
        const string admin = "kubernetes-admin";
        Assert.Null(Update(Stored("cert-manager-webhook", revision: null, service: "cert-manager-webhook"), c => c["metadata"]!["labels"]!["x"] = "y", admin));
        Assert.Null(Update(Stored(Own), c => Client(c, 0)["service"]!["port"] = 8443, admin));
        Assert.Null(Policy.Evaluate(Attempt("DELETE", Configurations, Own, Stored(Own), null, admin)));
        // Another revision's injector is another user: this policy leaves it to its own.
        Assert.Null(Update(Stored("injector-1-22", "1-22", service: "injector-1-22"), SetBundle, "system:serviceaccount:istio-system:injector-1-22"));
    }

    [Fact]
    public void PolicyFailsClosedAndBindsOnlyThisServiceAccount()
    {
        var policy = YamlTestReader.Single(Access.Documents, "ValidatingAdmissionPolicy");
        var binding = YamlTestReader.Single(Access.Documents, "ValidatingAdmissionPolicyBinding");
        Assert.Equal("admissionregistration.k8s.io/v1", (string?)policy["apiVersion"]);
        Assert.Equal("Fail", (string?)policy["spec"]!["failurePolicy"]);
        Assert.True(Policy.FailsClosed);
        Assert.Equal(["Deny"], binding["spec"]!["validationActions"]!.AsArray().Select(a => (string?)a));
        Assert.Equal((string?)policy["metadata"]!["name"], (string?)binding["spec"]!["policyName"]);
        Assert.Null(binding["spec"]!["paramRef"]);
        var condition = Assert.Single(policy["spec"]!["matchConditions"]!.AsArray());
        Assert.Equal("request.userInfo.username == 'system:serviceaccount:istio-system:injector-asm-1233-2'", (string?)condition!["expression"]);
        var rules = policy["spec"]!["matchConstraints"]!["resourceRules"]!.AsArray()
            .Select(r => string.Join(",", r!["resources"]!.AsArray()) + ":" + string.Join(",", r["operations"]!.AsArray())).ToList();
        Assert.Equal(["mutatingwebhookconfigurations:CREATE,UPDATE,DELETE", "secrets:CREATE"], rules);
        Assert.NotEmpty(Policy.Expressions());

        // Applied in order, the policy is in force before the rights it narrows are bound.
        var kinds = Access.Documents.Select(d => (string)d["kind"]!).ToList();
        Assert.True(kinds.IndexOf("ValidatingAdmissionPolicyBinding") < kinds.IndexOf("RoleBinding"));
        Assert.True(kinds.IndexOf("ValidatingAdmissionPolicyBinding") < kinds.IndexOf("ClusterRoleBinding"));
    }

    /// <summary>Admission sees the resulting object, so every way of writing gets the same answer (RBAC refuses update, create and delete first).</summary>
    [Fact]
    public async Task EveryFormOfWriteGetsTheSameAnswerFromTheApiServer()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.Add(Stored(Own));
        server.Add(Stored("cert-manager-webhook", revision: null, service: "cert-manager-webhook"));
        var access = RenderedAccess.For(Install);
        access.Enforce(server);
        var api = KubeClientFactory.CreateApi(server.KubeconfigPath, null);
        var own = Configurations + "/" + Own;

        async Task<HttpStatusCode> Status(Func<Task> write)
        {
            try
            {
                await write();
                return HttpStatusCode.OK;
            }
            catch (KubeApiException e)
            {
                return e.Status;
            }
        }
        JsonObject WebhooksWithBundle()
        {
            var webhooks = Stored(Own);
            SetBundle(webhooks);
            return new JsonObject { ["webhooks"] = webhooks["webhooks"]!.DeepClone() };
        }
        JsonArray JsonPatch(string op, string path, JsonNode value) => [new JsonObject { ["op"] = op, ["path"] = path, ["value"] = value }];

        Assert.Equal(HttpStatusCode.OK, await Status(() => api.PatchAsync(own, JsonPatch("add", "/webhooks/0/clientConfig/caBundle", "YQ=="), KubeApi.JsonPatch, default)));
        Assert.Equal(HttpStatusCode.OK, await Status(() => api.PatchAsync(own, WebhooksWithBundle(), KubeApi.MergePatch, default)));
        Assert.Equal(HttpStatusCode.OK, await Status(() => api.PatchAsync(own, WebhooksWithBundle(), KubeApi.StrategicMergePatch, default)));
        Assert.Equal(HttpStatusCode.OK, await Status(() => api.PatchAsync(own, WebhooksWithBundle(), "application/apply-patch+yaml", default)));
        Assert.Empty(access.Refusals);

        Assert.Equal(HttpStatusCode.Forbidden, await Status(() => api.PatchAsync(own, JsonPatch("replace", "/webhooks/0/clientConfig/service/port", 8443), KubeApi.JsonPatch, default)));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(() => api.PatchAsync(own, new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["x"] = "y" } } }, KubeApi.MergePatch, default)));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(() => api.PatchAsync(own, new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["x"] = "y" } } }, KubeApi.StrategicMergePatch, default)));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(() => api.PatchAsync(own, new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = new JsonArray("x") } }, "application/apply-patch+yaml", default)));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(() => api.PatchAsync(Configurations + "/cert-manager-webhook", JsonPatch("add", "/webhooks/0/clientConfig/caBundle", "YQ=="), KubeApi.JsonPatch, default)));
        Assert.Equal(5, access.Refusals.Count);
        Assert.All(access.Refusals, r => Assert.DoesNotContain(": RBAC", r));

        // RBAC: no update, create or delete at all.
        var current = server.WebhookConfiguration(Own)!;
        Assert.Equal(HttpStatusCode.Forbidden, await Status(() => api.ReplaceAsync(own, current, default)));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(() => api.CreateAsync(Configurations, Stored("injector-revision-tag-x", Rev, "x"), default)));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(() => api.DeleteAsync(own, default)));
        Assert.Equal(3, access.Refusals.Count(r => r.EndsWith(": RBAC")));
        var stored = server.WebhookConfiguration(Own)!;
        Assert.Equal("bmV3LWNh", (string?)stored["webhooks"]![0]!["clientConfig"]!["caBundle"]);
        Assert.Equal(443, (int?)stored["webhooks"]![0]!["clientConfig"]!["service"]!["port"]);
        Assert.Null(stored["metadata"]!["labels"]!["x"]);
        Assert.Null(server.WebhookConfiguration("cert-manager-webhook")!["webhooks"]![0]!["clientConfig"]!["caBundle"]);
    }
}
