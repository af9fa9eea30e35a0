using System.Text.Json.Nodes;
using Injector.Install.Manifests;
using Injector.Revisions;

namespace Injector.Tests.Manifests;

public sealed class ManifestRendererTests
{
    private static List<JsonObject> Render(ManifestOptions options) =>
        YamlTestReader.Documents(ManifestRenderer.Render(options));

    private static List<string> Kinds(List<JsonObject> docs) => docs.Select(d => (string)d["kind"]!).ToList();

    [Fact]
    public void SelfCertsRenderEveryObjectInApplyOrder()
    {
        var docs = Render(new ManifestOptions("asm-1233-2"));
        Assert.Equal(
            ["ServiceAccount", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "Role", "RoleBinding", "ClusterRole",
             "ClusterRoleBinding", "ConfigMap", "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler",
             "MutatingWebhookConfiguration"],
            Kinds(docs));
        Assert.Equal("autoscaling/v2", (string?)YamlTestReader.Single(docs, "HorizontalPodAutoscaler")["apiVersion"]);
        Assert.Equal("policy/v1", (string?)YamlTestReader.Single(docs, "PodDisruptionBudget")["apiVersion"]);
        foreach (var doc in docs.Where(d => (string?)d["kind"] is not ("ClusterRole" or "ClusterRoleBinding" or "MutatingWebhookConfiguration"
                                                                        or "ValidatingAdmissionPolicy" or "ValidatingAdmissionPolicyBinding")))
        {
            Assert.Equal("istio-system", (string?)doc["metadata"]!["namespace"]);
            Assert.Equal("asm-1233-2", (string?)doc["metadata"]!["labels"]!["istio.io/rev"]);
        }
    }

    [Fact]
    public void CertManagerAndMonitoringAddTheirObjectsAndDropEveryRight()
    {
        var docs = Render(new ManifestOptions("canary") { Certificates = CertificateMode.CertManager, Monitoring = true, Namespace = "mesh" });
        var kinds = Kinds(docs);
        Assert.Equal(2, kinds.Count(k => k == "Issuer"));
        Assert.Equal(2, kinds.Count(k => k == "Certificate"));
        Assert.Contains("ServiceMonitor", kinds);
        Assert.Contains("PrometheusRule", kinds);
        Assert.DoesNotContain("ClusterRole", kinds);
        Assert.DoesNotContain("Role", kinds);
        Assert.DoesNotContain("ValidatingAdmissionPolicy", kinds);

        var webhook = YamlTestReader.Single(docs, "MutatingWebhookConfiguration");
        Assert.Equal("mesh/injector-canary", (string?)webhook["metadata"]!["annotations"]!["cert-manager.io/inject-ca-from"]);
        var serving = YamlTestReader.Single(docs, "Certificate", "injector-canary");
        Assert.Equal("injector-canary-tls", (string?)serving["spec"]!["secretName"]);
        Assert.Contains("injector-canary.mesh.svc", serving["spec"]!["dnsNames"]!.AsArray().Select(n => (string?)n));

        var args = Container(docs)["args"]!.AsArray().Select(a => (string?)a).ToList();
        Assert.Equal(["serve", "--revision", "canary", "--config", "/etc/injector/config",
                      "--tls-cert", "/etc/injector/tls/tls.crt", "--tls-key", "/etc/injector/tls/tls.key"], args);
        var volumes = YamlTestReader.Single(docs, "Deployment")["spec"]!["template"]!["spec"]!["volumes"]!.AsArray();
        Assert.Contains(volumes, v => (string?)v!["secret"]?["secretName"] == "injector-canary-tls");

        var rules = YamlTestReader.Single(docs, "PrometheusRule")["spec"]!["groups"]![0]!["rules"]!.AsArray();
        var exprs = string.Join("\n", rules.Select(r => (string?)r!["expr"]));
        Assert.Contains("sidecar_injection_failure_total{revision=\"canary\"}", exprs);
        Assert.Contains("sidecar_injection_time_seconds_bucket{revision=\"canary\"}", exprs);
        Assert.Contains("deployment=\"injector-canary\"", exprs);
    }

    [Fact]
    public void SelfCertsGrantOnlyTheirOwnSecretAndWebhookListAndPatch()
    {
        var docs = Render(new ManifestOptions("r1"));
        var role = YamlTestReader.Single(docs, "Role")["rules"]!.AsArray();
        Assert.Equal(2, role.Count);
        Assert.Equal(["create"], role[0]!["verbs"]!.AsArray().Select(v => (string?)v));
        Assert.Null(role[0]!["resourceNames"]);
        Assert.Equal(["get", "update"], role[1]!["verbs"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(["injector-r1-tls"], role[1]!["resourceNames"]!.AsArray().Select(v => (string?)v));
        Assert.All(role, r => Assert.Equal(["secrets"], r!["resources"]!.AsArray().Select(v => (string?)v)));

        var cluster = YamlTestReader.Single(docs, "ClusterRole")["rules"]!.AsArray();
        Assert.Equal(2, cluster.Count);
        Assert.All(cluster, r => Assert.Equal(["mutatingwebhookconfigurations"], r!["resources"]!.AsArray().Select(v => (string?)v)));
        Assert.Equal(["list", "patch"], cluster.Select(r => (string?)Assert.Single(r!["verbs"]!.AsArray())));
        var binding = YamlTestReader.Single(docs, "ClusterRoleBinding");
        Assert.Equal("injector-r1", (string?)binding["subjects"]![0]!["name"]);
        Assert.Equal("injector-r1-istio-system", (string?)YamlTestReader.Single(docs, "ValidatingAdmissionPolicyBinding")["spec"]!["policyName"]);

        Assert.Contains("--manage-webhook-ca", Container(docs)["args"]!.AsArray().Select(a => (string?)a));
    }

    [Fact]
    public void DeploymentIsHardenedAndProbedOnTheMonitoringPort()
    {
        var docs = Render(new ManifestOptions("r1") { Replicas = 3, Image = "example.io/injector:1.0" });
        var deployment = YamlTestReader.Single(docs, "Deployment");
        Assert.Equal(3, (long?)deployment["spec"]!["replicas"]);
        var pod = deployment["spec"]!["template"]!;
        Assert.Equal("false", (string?)pod["metadata"]!["labels"]!["sidecar.istio.io/inject"]);
        var podSpec = pod["spec"]!;
        Assert.True((bool?)podSpec["securityContext"]!["runAsNonRoot"]);
        Assert.Equal("RuntimeDefault", (string?)podSpec["securityContext"]!["seccompProfile"]!["type"]);
        Assert.NotNull(podSpec["terminationGracePeriodSeconds"]);
        Assert.NotNull(podSpec["affinity"]!["podAntiAffinity"]);
        Assert.NotNull(podSpec["topologySpreadConstraints"]);

        var c = Container(docs);
        Assert.Equal("example.io/injector:1.0", (string?)c["image"]);
        var sc = c["securityContext"]!;
        Assert.False((bool?)sc["allowPrivilegeEscalation"]);
        Assert.True((bool?)sc["readOnlyRootFilesystem"]);
        Assert.Equal(["ALL"], sc["capabilities"]!["drop"]!.AsArray().Select(v => (string?)v));
        Assert.Equal("/healthz", (string?)c["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/readyz", (string?)c["readinessProbe"]!["httpGet"]!["path"]);
        var ports = c["ports"]!.AsArray();
        Assert.Contains(ports, p => (long?)p!["containerPort"] == 15014 && (string?)p["name"] == "http-monitoring");
        Assert.Contains(ports, p => (long?)p!["containerPort"] == 15017);
        Assert.NotNull(c["resources"]!["requests"]);

        var service = YamlTestReader.Single(docs, "Service")["spec"]!["ports"]!.AsArray();
        Assert.Contains(service, p => (long?)p!["port"] == 443 && (string?)p["targetPort"] == "https-webhook");
        Assert.Contains(service, p => (long?)p!["port"] == 15014);
        Assert.Equal(3, (long?)YamlTestReader.Single(docs, "HorizontalPodAutoscaler")["spec"]!["minReplicas"]);
    }

    [Fact]
    public void ConfigMapHoldsTheEmbeddedDefaultRenamedToTheRevision()
    {
        var docs = Render(new ManifestOptions("asm-1233-2"));
        var data = (string?)YamlTestReader.Single(docs, "ConfigMap")["data"]!["asm-1233-2.yaml"];
        Assert.NotNull(data);
        var parsed = RevisionConfigParser.Parse(data);
        Assert.Equal("asm-1233-2", parsed.Revision);
        var embedded = RevisionConfigParser.Parse(RevisionLoader.EmbeddedDefaultYaml());
        Assert.Equal(embedded.Hub, parsed.Hub);
        Assert.Equal(embedded.Tag, parsed.Tag);
    }

    [Fact]
    public void UserConfigIsInstalledVerbatimAndMustNameTheRevision()
    {
        const string yaml = "# reviewed\nrevision: canary\nhub: example.io/istio\n";
        var docs = Render(new ManifestOptions("canary") { ConfigYaml = yaml });
        Assert.Equal(yaml, (string?)YamlTestReader.Single(docs, "ConfigMap")["data"]!["canary.yaml"]);

        var e = Assert.Throws<InvalidDataException>(() => ManifestRenderer.Render(new ManifestOptions("other") { ConfigYaml = yaml }));
        Assert.Contains("'canary'", e.Message);
        Assert.Contains("'other'", e.Message);
    }

    [Fact]
    public void InvalidOptionsAreAllReportedByFlag()
    {
        var e = Assert.Throws<InvalidDataException>(() => ManifestRenderer.Render(
            new ManifestOptions("Bad_Rev") { Replicas = 0, TimeoutSeconds = 31, ReinvocationPolicy = "Always", Namespace = "" }));
        foreach (var flag in new[] { "--revision", "--replicas", "--timeout-seconds", "--reinvocation-policy", "--namespace" })
        {
            Assert.Contains(flag, e.Message);
        }
    }

    [Fact]
    public void RenderingIsDeterministic()
    {
        var options = new ManifestOptions("r1") { Monitoring = true, IsDefault = true };
        Assert.Equal(ManifestRenderer.Render(options), ManifestRenderer.Render(options));
    }

    private static JsonNode Container(List<JsonObject> docs) =>
        YamlTestReader.Single(docs, "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!;
}
