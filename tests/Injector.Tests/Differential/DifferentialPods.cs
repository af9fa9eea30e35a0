using System.Text.Json.Nodes;
using Injector.Tests.Fuzz;

namespace Injector.Tests.Differential;

/// <summary>
/// Pods for the differential run: a seed (the fuzzer's: kube-apiserver fixtures and Istio's golden inputs) and a few
/// pod-shaped mutations drawn from one <see cref="Random"/>: annotations and labels Istio reads (plausible values
/// mostly, the fuzzer's values sometimes) or does not read, containers, ports, probes, volumes and mounts, security
/// contexts, native-sidecar init containers, names. Shaped like pods people send, so that most of them inject and the
/// comparison reaches the patch; the fuzzer covers malformed input.
/// </summary>
internal static class DifferentialPods
{
    public readonly record struct Input(int Seed, int Revision, int Mutations, int RandomSeed)
    {
        public override string ToString() => "seed=" + Seed + " revision=" + Revision + " mutations=" + Mutations + " random=" + RandomSeed;
    }

    /// <summary>
    /// The pod as the API server sends it (decoded into corev1.Pod and encoded again, as kube-apiserver does before
    /// calling a webhook) and its request namespace; null when the mutated pod is not a corev1.Pod at all (a wrong
    /// type somewhere), which the API server refuses before any webhook sees it.
    /// </summary>
    public static (byte[]? Pod, string Namespace) Build(Input input)
    {
        var review = FuzzSeeds.Reviews[input.Seed];
        var request = (JsonObject)review["request"]!;
        var pod = (JsonObject)request["object"]!.DeepClone();
        var random = new Random(input.RandomSeed);
        for (var i = 0; i < input.Mutations; i++) MutateOnce(pod, random);
        var ns = request["namespace"]?.GetValue<string>() ?? "default";
        if (!Injector.Kube.Normalization.PodNormalizer.TryNormalize(pod, out var normalized, out _)) return (null, ns);
        return (System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(normalized), ns);
    }

    private static readonly (string Key, string[] Values)[] Annotations =
    [
        ("sidecar.istio.io/inject", ["true", "false", "True", "yes", ""]),
        ("sidecar.istio.io/proxyCPU", ["200m", "1", "50m"]),
        ("sidecar.istio.io/proxyMemory", ["256Mi", "1Gi"]),
        ("sidecar.istio.io/proxyCPULimit", ["500m", "2"]),
        ("sidecar.istio.io/proxyMemoryLimit", ["512Mi", "2Gi"]),
        ("sidecar.istio.io/proxyImage", ["example.com/proxy:1.0"]),
        ("sidecar.istio.io/logLevel", ["debug", "info", "error"]),
        ("sidecar.istio.io/componentLogLevel", ["misc:debug", "upstream:info"]),
        ("sidecar.istio.io/agentLogLevel", ["default:debug"]),
        ("sidecar.istio.io/interceptionMode", ["REDIRECT", "TPROXY", "NONE"]),
        ("sidecar.istio.io/enableCoreDump", ["true", "false"]),
        ("sidecar.istio.io/rewriteAppHTTPProbers", ["true", "false"]),
        ("sidecar.istio.io/nativeSidecar", ["true", "false"]),
        ("sidecar.istio.io/userVolume", ["{\"extra\":{\"emptyDir\":{}}}"]),
        ("sidecar.istio.io/userVolumeMount", ["{\"extra\":{\"mountPath\":\"/extra\"}}"]),
        ("sidecar.istio.io/statsInclusionPrefixes", ["cluster.outbound,listener"]),
        ("sidecar.istio.io/discoveryAddress", ["istiod.other:15012"]),
        ("status.sidecar.istio.io/port", ["15021", "0"]),
        ("readiness.status.sidecar.istio.io/initialDelaySeconds", ["5"]),
        ("readiness.status.sidecar.istio.io/periodSeconds", ["3"]),
        ("readiness.status.sidecar.istio.io/failureThreshold", ["10"]),
        ("readiness.status.sidecar.istio.io/applicationPorts", ["8080", "80,8080"]),
        ("traffic.sidecar.istio.io/includeOutboundIPRanges", ["10.0.0.0/8", "*", ""]),
        ("traffic.sidecar.istio.io/excludeOutboundIPRanges", ["10.96.0.0/12"]),
        ("traffic.sidecar.istio.io/includeInboundPorts", ["80,8080", "*", ""]),
        ("traffic.sidecar.istio.io/excludeInboundPorts", ["9090"]),
        ("traffic.sidecar.istio.io/includeOutboundPorts", ["443"]),
        ("traffic.sidecar.istio.io/excludeOutboundPorts", ["5432,6379"]),
        ("traffic.sidecar.istio.io/excludeInterfaces", ["eth1"]),
        ("traffic.sidecar.istio.io/kubevirtInterfaces", ["net1"]),
        ("proxy.istio.io/config", ["{\"concurrency\":2}", "holdApplicationUntilProxyStarts: true", "terminationDrainDuration: 10s"]),
        ("proxy.istio.io/overrides", ["{\"containers\":[{\"name\":\"istio-proxy\",\"resources\":{}}]}"]),
        ("inject.istio.io/templates", ["sidecar", "sidecar,grpc-agent", "grpc-agent"]),
        ("prometheus.io/scrape", ["true", "false"]),
        ("prometheus.io/port", ["9090", "8080"]),
        ("prometheus.io/path", ["/metrics", "/stats"]),
        ("kubectl.kubernetes.io/default-container", ["app", "istio-proxy"]),
        ("kubectl.kubernetes.io/default-logs-container", ["app"]),
        ("ambient.istio.io/redirection", ["enabled"]),
        ("istio.io/rev", ["default", "canary"]),
        ("service.istio.io/canonical-name", ["svc", new string('n', 70)]),
        ("service.istio.io/canonical-revision", ["v2"]),
        ("container.apparmor.security.beta.kubernetes.io/app", ["runtime/default"]),
        ("k8s.v1.cni.cncf.io/networks", ["macvlan"]),
        // Keys Istio does not read.
        ("example.com/owner", ["team-a", "", "{\"json\":true}"]),
        ("deployment.kubernetes.io/revision", ["3"]),
        ("checksum/config", ["a1b2c3"]),
        ("cluster-autoscaler.kubernetes.io/safe-to-evict", ["true"]),
        ("kubectl.kubernetes.io/last-applied-configuration", ["{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"annotations\":{}}}\n"]),
        ("kubectl.kubernetes.io/restartedAt", ["2026-12-05T12:00:00Z"]),
    ];

    private static readonly (string Key, string[] Values)[] Labels =
    [
        ("app", ["web", "", new string('a', 63)]),
        ("version", ["v1", "v2", ""]),
        ("app.kubernetes.io/name", ["shop", new string('s', 63), ""]),
        ("app.kubernetes.io/version", ["1.0", ""]),
        ("service.istio.io/canonical-name", ["canon", new string('c', 63), ""]),
        ("service.istio.io/canonical-revision", ["r1", ""]),
        ("sidecar.istio.io/inject", ["true", "false"]),
        ("istio.io/rev", ["default", "canary"]),
        ("inject-me", ["yes", "no"]),
        ("no-mesh", ["x"]),
        ("pod-template-hash", ["5d8f7c9b6"]),
        ("tier", ["backend"]),
        ("security.istio.io/tlsMode", ["istio", "disabled", ""]),
        ("topology.istio.io/network", ["net2", ""]),
    ];

    private static void MutateOnce(JsonObject pod, Random random)
    {
        switch (random.Next(16))
        {
            case 0 or 1 or 2 or 3:
                Set(pod, "annotations", Annotations, random);
                break;
            case 4 or 5:
                Set(pod, "labels", Labels, random);
                break;
            case 6:
                ReviewMutator.Fuzzing.SetMapEntry(pod, random.Next(3) == 0 ? "labels" : "annotations", random);
                break;
            case 7:
                ReviewMutator.Fuzzing.ContainerEdit(pod, random);
                break;
            case 8:
                AddContainer(pod, random);
                break;
            case 9 or 10:
                AddProbe(pod, random);
                break;
            case 11:
                AddVolume(pod, random);
                break;
            case 12:
                SecurityContext(pod, random);
                break;
            case 13:
                NativeSidecar(pod, random);
                break;
            case 14:
                Names(pod, random);
                break;
            default:
                Ports(pod, random);
                break;
        }
    }

    private static JsonObject Metadata(JsonObject pod) =>
        pod["metadata"] as JsonObject ?? (JsonObject)(pod["metadata"] = new JsonObject());

    private static JsonObject Spec(JsonObject pod) =>
        pod["spec"] as JsonObject ?? (JsonObject)(pod["spec"] = new JsonObject());

    private static JsonArray List(JsonObject owner, string name) =>
        owner[name] as JsonArray ?? (JsonArray)(owner[name] = new JsonArray());

    private static void Set(JsonObject pod, string map, (string Key, string[] Values)[] table, Random random)
    {
        var metadata = Metadata(pod);
        var entries = metadata[map] as JsonObject ?? (JsonObject)(metadata[map] = new JsonObject());
        var (key, values) = table[random.Next(table.Length)];
        if (random.Next(8) == 0 && entries.ContainsKey(key)) { entries.Remove(key); return; }
        entries[key] = random.Next(10) == 0 ? ReviewMutator.Fuzzing.RandomValue(random) : values[random.Next(values.Length)];
    }

    private static JsonObject? AnyContainer(JsonObject pod, Random random, bool init = false)
    {
        var containers = List(Spec(pod), init ? "initContainers" : "containers");
        if (containers.Count == 0) return null;
        return containers[random.Next(containers.Count)] as JsonObject;
    }

    private static void AddContainer(JsonObject pod, Random random)
    {
        var name = random.Next(6) == 0 ? "istio-proxy" : "c" + random.Next(100);
        var container = new JsonObject { ["name"] = name, ["image"] = "example.com/" + name + ":1" };
        if (random.Next(2) == 0) container["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8000 + random.Next(100), ["name"] = "http" });
        if (random.Next(3) == 0) container["env"] = new JsonArray(new JsonObject { ["name"] = "MODE", ["value"] = "prod" });
        if (random.Next(4) == 0) container["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "50m" } };
        List(Spec(pod), random.Next(4) == 0 ? "initContainers" : "containers").Add(container);
    }

    private static JsonNode Port(Random random) => random.Next(4) switch
    {
        0 => "http",
        1 => 8080,
        2 => 80,
        _ => 9000 + random.Next(10),
    };

    private static void AddProbe(JsonObject pod, Random random)
    {
        if (AnyContainer(pod, random) is not { } container) return;
        var probe = random.Next(5) switch
        {
            0 => new JsonObject { ["httpGet"] = new JsonObject { ["path"] = "/healthz", ["port"] = Port(random) } },
            1 => new JsonObject { ["httpGet"] = new JsonObject { ["path"] = "/ready", ["port"] = Port(random), ["scheme"] = "HTTPS", ["httpHeaders"] = new JsonArray(new JsonObject { ["name"] = "X", ["value"] = "y" }) } },
            2 => new JsonObject { ["tcpSocket"] = new JsonObject { ["port"] = Port(random) } },
            3 => new JsonObject { ["grpc"] = new JsonObject { ["port"] = 9090 } },
            _ => new JsonObject { ["exec"] = new JsonObject { ["command"] = new JsonArray("cat", "/tmp/ok") } },
        };
        if (random.Next(2) == 0) probe["initialDelaySeconds"] = random.Next(1, 30);
        if (random.Next(3) == 0) probe["periodSeconds"] = random.Next(1, 30);
        var kind = random.Next(3) switch { 0 => "readinessProbe", 1 => "livenessProbe", _ => "startupProbe" };
        container[kind] = probe;
    }

    private static void AddVolume(JsonObject pod, Random random)
    {
        var spec = Spec(pod);
        var name = random.Next(5) == 0 ? "istio-envoy" : "vol" + random.Next(5);
        var volumes = List(spec, "volumes");
        // Compared as JSON text: a fuzzed name may be a lone surrogate, which reading it as a string refuses.
        var nameJson = JsonValue.Create(name).ToJsonString();
        if (!volumes.Any(v => v is JsonObject o && o["name"]?.ToJsonString() == nameJson))
        {
            volumes.Insert(random.Next(volumes.Count + 1), random.Next(2) == 0
                ? new JsonObject { ["name"] = name, ["emptyDir"] = new JsonObject() }
                : new JsonObject { ["name"] = name, ["configMap"] = new JsonObject { ["name"] = "cm" } });
        }
        if (AnyContainer(pod, random) is { } container)
        {
            List(container, "volumeMounts").Add(new JsonObject { ["name"] = name, ["mountPath"] = "/data/" + random.Next(50) });
        }
    }

    private static void SecurityContext(JsonObject pod, Random random)
    {
        var context = new JsonObject();
        if (random.Next(2) == 0) context["runAsUser"] = random.Next(3) == 0 ? 1337 : 1000 + random.Next(5);
        if (random.Next(2) == 0) context["runAsGroup"] = 2000 + random.Next(5);
        if (random.Next(3) == 0) context["runAsNonRoot"] = true;
        if (random.Next(2) == 0)
        {
            if (random.Next(3) == 0) context["fsGroup"] = 3000;
            if (random.Next(3) == 0) context["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" };
            Spec(pod)["securityContext"] = context;
        }
        else if (AnyContainer(pod, random) is { } container)
        {
            if (random.Next(2) == 0) context["allowPrivilegeEscalation"] = false;
            if (random.Next(3) == 0) context["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") };
            container["securityContext"] = context;
        }
    }

    private static void NativeSidecar(JsonObject pod, Random random)
    {
        var container = new JsonObject { ["name"] = "side" + random.Next(10), ["image"] = "example.com/side:1", ["restartPolicy"] = "Always" };
        if (random.Next(2) == 0) container["readinessProbe"] = new JsonObject { ["httpGet"] = new JsonObject { ["path"] = "/r", ["port"] = 7000 } };
        List(Spec(pod), "initContainers").Add(container);
    }

    private static void Names(JsonObject pod, Random random)
    {
        var metadata = Metadata(pod);
        switch (random.Next(4))
        {
            case 0:
                metadata.Remove("name");
                metadata["generateName"] = random.Next(2) == 0 ? "web-7d4b9c-" : new string('g', 60) + "-5d8f7c9b6-";
                break;
            case 1:
                metadata["name"] = new string('p', random.Next(1, 80));
                break;
            case 2:
                Spec(pod)["hostNetwork"] = random.Next(3) > 0;
                break;
            default:
                metadata["namespace"] = random.Next(2) == 0 ? "kube-system" : "team-" + random.Next(3);
                break;
        }
    }

    private static void Ports(JsonObject pod, Random random)
    {
        if (AnyContainer(pod, random) is not { } container) return;
        var port = new JsonObject { ["containerPort"] = random.Next(3) == 0 ? 15020 + random.Next(2) : 1000 + random.Next(9000) };
        if (random.Next(2) == 0) port["name"] = random.Next(2) == 0 ? "http" : "grpc-" + random.Next(10);
        if (random.Next(4) == 0) port["protocol"] = "UDP";
        List(container, "ports").Add(port);
    }
}
