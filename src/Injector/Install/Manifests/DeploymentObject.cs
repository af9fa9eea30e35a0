using Injector.Install.Yaml;

namespace Injector.Install.Manifests;

/// <summary>The injector Deployment: hardened pod, probes on the monitoring port, config and certificate volumes.</summary>
internal static class DeploymentObject
{
    public const int WebhookPort = 15017;
    public const int MonitoringPort = 15014;
    public const string ConfigDirectory = "/etc/injector/config";
    public const string TlsDirectory = "/etc/injector/tls";

    public static YamlMap Create(ManifestOptions o, IReadOnlyList<string> sourceArguments)
    {
        var template = new YamlMap()
            .Add("metadata", new YamlMap().Add("labels", PodLabels(o)))
            .Add("spec", PodSpec(o, sourceArguments));
        var spec = new YamlMap()
            .Add("replicas", o.Replicas)
            .Add("selector", new YamlMap().Add("matchLabels", ObjectMeta.SelectorLabels(o)))
            // Surge first: a rolling update never lowers the number of ready injectors (failurePolicy is Fail).
            .Add("strategy", new YamlMap().Add("type", "RollingUpdate").Add("rollingUpdate",
                new YamlMap().Add("maxSurge", 1).Add("maxUnavailable", 0)))
            .Add("template", template);
        return ObjectMeta.Object("apps/v1", "Deployment", ObjectMeta.Namespaced(o, o.Name)).Add("spec", spec);
    }

    private static YamlMap PodLabels(ManifestOptions o)
    {
        var labels = ObjectMeta.Labels(o);
        labels.Add(Istio.IstioNames.PodInjectLabel, "false", "Never inject a sidecar into the injector itself.");
        return labels;
    }

    private static YamlMap PodSpec(ManifestOptions o, IReadOnlyList<string> sourceArguments)
    {
        var podSecurity = new YamlMap()
            .Add("runAsNonRoot", true)
            .Add("runAsUser", 1654)
            .Add("runAsGroup", 1654)
            .Add("fsGroup", 1654)
            .Add("seccompProfile", new YamlMap().Add("type", "RuntimeDefault"));
        return new YamlMap()
            .Add("serviceAccountName", o.Name)
            .Add("securityContext", podSecurity)
            .Add("containers", YamlSeq.Of(Container(o, sourceArguments)))
            .Add("volumes", Volumes(o))
            // Long enough to drain in-flight admission requests (API server timeout is at most 30 s).
            .Add("terminationGracePeriodSeconds", 30)
            .Add("affinity", AntiAffinity(o))
            .Add("topologySpreadConstraints", YamlSeq.Of(new YamlMap()
                .Add("maxSkew", 1)
                .Add("topologyKey", "topology.kubernetes.io/zone")
                .Add("whenUnsatisfiable", "ScheduleAnyway")
                .Add("labelSelector", new YamlMap().Add("matchLabels", ObjectMeta.SelectorLabels(o)))));
    }

    private static YamlMap Container(ManifestOptions o, IReadOnlyList<string> sourceArguments)
    {
        var args = YamlSeq.Of("serve", "--revision", o.Revision);
        foreach (var argument in sourceArguments) args.Add(argument);
        if (o.Certificates == CertificateMode.Self)
        {
            args.Add("--manage-webhook-ca");
        }
        else
        {
            args.Add("--tls-cert").Add(TlsDirectory + "/tls.crt").Add("--tls-key").Add(TlsDirectory + "/tls.key");
        }
        var security = new YamlMap()
            .Add("allowPrivilegeEscalation", false)
            .Add("readOnlyRootFilesystem", true)
            .Add("privileged", false)
            .Add("runAsNonRoot", true)
            .Add("capabilities", new YamlMap().Add("drop", YamlSeq.Of("ALL")))
            .Add("seccompProfile", new YamlMap().Add("type", "RuntimeDefault"));
        var resources = new YamlMap()
            .Add("requests", new YamlMap().Add("cpu", "100m").Add("memory", "64Mi"))
            // No CPU limit: throttling would add latency to every pod creation; memory is capped.
            .Add("limits", new YamlMap().Add("memory", "256Mi"));
        var env = YamlSeq.Of(new YamlMap()
            .Add("name", "POD_NAMESPACE")
            .Add("valueFrom", new YamlMap().Add("fieldRef", new YamlMap().Add("fieldPath", "metadata.namespace"))));
        return new YamlMap()
            .Add("name", "injector")
            .Add("image", o.Image)
            .Add("imagePullPolicy", "IfNotPresent")
            .Add("args", args)
            .Add("env", env)
            .Add("ports", YamlSeq.Of(
                Port("https-webhook", WebhookPort),
                Port("http-monitoring", MonitoringPort)))
            .Add("livenessProbe", Probe("/healthz", periodSeconds: 10, failureThreshold: 3))
            .Add("readinessProbe", Probe("/readyz", periodSeconds: 5, failureThreshold: 1))
            .Add("resources", resources)
            .Add("securityContext", security)
            .Add("volumeMounts", Mounts(o));
    }

    private static YamlMap Port(string name, int port) =>
        new YamlMap().Add("name", name).Add("containerPort", port).Add("protocol", "TCP");

    private static YamlMap Probe(string path, int periodSeconds, int failureThreshold) => new YamlMap()
        .Add("httpGet", new YamlMap().Add("path", path).Add("port", "http-monitoring"))
        .Add("periodSeconds", periodSeconds)
        .Add("failureThreshold", failureThreshold);

    private static YamlSeq Mounts(ManifestOptions o)
    {
        var mounts = YamlSeq.Of(
            new YamlMap().Add("name", "config").Add("mountPath", ConfigDirectory).Add("readOnly", true),
            // The root filesystem is read-only; the runtime still wants a writable temp directory.
            new YamlMap().Add("name", "tmp").Add("mountPath", "/tmp"));
        if (o.Certificates == CertificateMode.CertManager)
        {
            mounts.Add(new YamlMap().Add("name", "tls").Add("mountPath", TlsDirectory).Add("readOnly", true));
        }
        return mounts;
    }

    private static YamlSeq Volumes(ManifestOptions o)
    {
        var volumes = YamlSeq.Of(
            new YamlMap().Add("name", "config").Add("configMap", new YamlMap().Add("name", o.Name)),
            new YamlMap().Add("name", "tmp").Add("emptyDir", new YamlMap().Add("medium", "Memory").Add("sizeLimit", "16Mi")));
        if (o.Certificates == CertificateMode.CertManager)
        {
            volumes.Add(new YamlMap().Add("name", "tls").Add("secret", new YamlMap().Add("secretName", o.TlsSecretName)));
        }
        return volumes;
    }

    private static YamlMap AntiAffinity(ManifestOptions o)
    {
        var term = new YamlMap()
            .Add("weight", 100)
            .Add("podAffinityTerm", new YamlMap()
                .Add("topologyKey", "kubernetes.io/hostname")
                .Add("labelSelector", new YamlMap().Add("matchLabels", ObjectMeta.SelectorLabels(o))));
        // Preferred, not required: a one-node cluster must still be able to run every replica.
        return new YamlMap().Add("podAntiAffinity", new YamlMap()
            .Add("preferredDuringSchedulingIgnoredDuringExecution", YamlSeq.Of(term)));
    }
}
