using System.Text.Json.Nodes;

namespace Injector.Tests.Fuzz;

/// <summary>
/// Deterministic structural and value mutations of an AdmissionReview tree, driven by one <see cref="Random"/>:
/// values of the wrong type, removed fields, hostile strings, override annotations and labels with random values,
/// duplicated and huge arrays, deep nesting. Most mutations land inside <c>request.object</c>, where the injector
/// does its work. <see cref="Fuzzing"/> draws from every value, <see cref="DigestCorpus"/> only from those the
/// mutator had before issue 12, so the corpus of the answer-digest test stays the same while hostile values
/// are added here.
/// </summary>
internal sealed class ReviewMutator(string[] values)
{
    public static readonly string[] OverrideKeys =
    [
        "sidecar.istio.io/inject", "sidecar.istio.io/status", "sidecar.istio.io/proxyImage", "sidecar.istio.io/proxyCPU",
        "sidecar.istio.io/proxyMemory", "sidecar.istio.io/proxyCPULimit", "sidecar.istio.io/proxyMemoryLimit",
        "sidecar.istio.io/logLevel", "sidecar.istio.io/componentLogLevel", "sidecar.istio.io/agentLogLevel",
        "sidecar.istio.io/interceptionMode", "sidecar.istio.io/enableCoreDump", "sidecar.istio.io/rewriteAppHTTPProbers",
        "sidecar.istio.io/userVolume", "sidecar.istio.io/userVolumeMount", "sidecar.istio.io/bootstrapOverride",
        "sidecar.istio.io/statsInclusionPrefixes", "sidecar.istio.io/discoveryAddress", "sidecar.istio.io/templates",
        "status.sidecar.istio.io/port", "readiness.status.sidecar.istio.io/initialDelaySeconds",
        "readiness.status.sidecar.istio.io/periodSeconds", "readiness.status.sidecar.istio.io/failureThreshold",
        "readiness.status.sidecar.istio.io/applicationPorts", "traffic.sidecar.istio.io/includeOutboundIPRanges",
        "traffic.sidecar.istio.io/excludeOutboundIPRanges", "traffic.sidecar.istio.io/includeInboundPorts",
        "traffic.sidecar.istio.io/excludeInboundPorts", "traffic.sidecar.istio.io/includeOutboundPorts",
        "traffic.sidecar.istio.io/excludeOutboundPorts", "traffic.sidecar.istio.io/kubevirtInterfaces",
        "traffic.sidecar.istio.io/excludeInterfaces", "istio.io/reroute-virtual-interfaces", "proxy.istio.io/config",
        "proxy.istio.io/overrides", "inject.istio.io/templates", "prometheus.io/scrape", "prometheus.io/port",
        "prometheus.io/path", "kubectl.kubernetes.io/default-container", "kubectl.kubernetes.io/default-logs-container",
        "istio.io/rev", "service.istio.io/canonical-name", "service.istio.io/canonical-revision",
        "app.kubernetes.io/name", "app.kubernetes.io/version", "app", "version", "security.istio.io/tlsMode",
    ];

    private static readonly string[] OriginalValues =
    [
        "", "true", "false", "True", "enabled", "0", "1", "-1", "15020", "65535", "65536", "99999999999999999999",
        "1.5", "NaN", "*", "10.0.0.0/8", "10.0.0.0/8,*", "::/0", "999.1.1.1/33", "1,2,3", "80,", ",,", "a,b",
        "100m", "128Mi", "-5Mi", "1e400", "REDIRECT", "TPROXY", "NONE", "debug", "trace,misc:error", "default",
        "sidecar,grpc-agent", "nonexistent", "{}", "[]", "null", "{\"x\":1}", "[{\"name\":\"v\"}]",
        "[{\"name\":\"istio-proxy\",\"mountPath\":\"/x\"}]", "{\"concurrency\":2,\"holdApplicationUntilProxyStarts\":true}",
        "{\"proxyMetadata\":{\"A\":\"\\u0000\"}}", "concurrency: 3\nterminationDrainDuration: 9s", ": : :", "- a\n- b",
        "docker.io/istio/proxyv2:1.2.3", "image@sha256:abc", "\"quoted\"", "back\\slash", "tilde~and/slash",
        "\u0000nul", "\u001f\u007f", "line\nbreak", "\r\n", "\t", "</script>", "${HOME}", "{{ .Values }}", "%s%n",
        "\ud83d\ude00 emoji", "\u2028\u2029", "\ufeffbom", "a\u0301", new string('x', 300), new string('9', 64),
    ];

    private static readonly string[] HostileValues =
    [
        // Issue 12: YAML that nests, aliases, refers to itself or expands; JSON annotations spelling half a surrogate
        // pair (the value is JSON text, so the escape reaches the annotation's own parser); status lists of many names.
        "a: " + new string('[', 200) + new string(']', 200), "a: &x [*x]", "a: *x\nb: &x 1", "a: &a [x, x]\nb: [*a, *a, *a]",
        Support.HostileReviews.AliasBombYaml(levels: 4, width: 12), "{\"\\ud800\":{\"emptyDir\":{}}}",
        "{\"v\":{\"mountPath\":\"/\\udc00\"}}", "{\"containers\":[\"istio-proxy\",\"\\ud800\"],\"volumes\":[\"\\udbff\"]}",
        "{\"volumes\":[" + string.Join(",", Enumerable.Range(0, 300).Select(i => "\"v" + i + "\"")) + "],\"containers\":[\"istio-proxy\",\"istio-proxy\"]}",
        string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + new string('}', 70),
    ];

    // After the arrays: static initializers run in the order they are written.
    /// <summary>The fuzz tests' mutator: every value above, hostile ones included.</summary>
    public static ReviewMutator Fuzzing { get; } = new([.. OriginalValues, .. HostileValues]);

    /// <summary>The answer-digest corpus's mutator: the values of the first fuzzing rounds only (the recorded digests depend on each draw).</summary>
    public static ReviewMutator DigestCorpus { get; } = new(OriginalValues);

    public JsonObject Mutate(JsonObject review, Random random, int count)
    {
        var root = (JsonObject)review.DeepClone();
        for (var i = 0; i < count; i++) MutateOnce(root, random);
        return root;
    }

    private void MutateOnce(JsonObject root, Random random)
    {
        var pod = (root["request"] as JsonObject)?["object"] as JsonObject;
        switch (random.Next(10))
        {
            case 0 or 1:
                SetMapEntry(pod, "annotations", random);
                break;
            case 2:
                SetMapEntry(pod, "labels", random);
                break;
            case 3:
                ReplaceValue(PickNode(root, pod, random), random);
                break;
            case 4:
                RemoveMember(PickNode(root, pod, random), random);
                break;
            case 5:
                GrowArray(PickArray(root, pod, random), random);
                break;
            case 6:
                HostileString(PickNode(root, pod, random), random);
                break;
            case 7:
                Nest(PickNode(root, pod, random), random);
                break;
            case 8:
                ContainerEdit(pod, random);
                break;
            default:
                ReplaceValue(PickNode(root, root, random), random);
                break;
        }
    }

    public string RandomValue(Random random) =>
        random.Next(4) == 0 ? RandomText(random) : values[random.Next(values.Length)];

    private static string RandomText(Random random)
    {
        var chars = new char[random.Next(0, 40)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(5) switch
            {
                0 => (char)random.Next(0, 0x20),
                1 => "\"\\/~,:={}[]*-. "[random.Next(15)],
                2 => (char)random.Next(0x80, 0xD7FF),
                _ => (char)random.Next('0', 'z' + 1),
            };
        }
        return new string(chars);
    }

    internal void SetMapEntry(JsonObject? pod, string map, Random random)
    {
        if (pod is null) return;
        if (pod["metadata"] is not JsonObject metadata) pod["metadata"] = metadata = [];
        if (metadata[map] is not JsonObject entries) metadata[map] = entries = [];
        var key = random.Next(6) == 0 ? RandomText(random) : OverrideKeys[random.Next(OverrideKeys.Length)];
        entries[key] = RandomValue(random);
    }

    // Nodes are picked uniformly in pre-order without listing them: one pass counts, a second walks to the chosen
    // one. A list of every node cost more than the rest of the harness once an array had grown to thousands of elements.
    private static JsonNode? PickNode(JsonObject root, JsonObject? preferred, Random random)
    {
        var from = random.Next(5) == 0 || preferred is null ? root : preferred;
        var index = random.Next(Count(from, arraysOnly: false));
        return Find(from, ref index, arraysOnly: false);
    }

    private static JsonArray? PickArray(JsonObject root, JsonObject? preferred, Random random)
    {
        var from = preferred ?? root;
        var count = Count(from, arraysOnly: true);
        if (count == 0) return null;
        var index = random.Next(count);
        return (JsonArray?)Find(from, ref index, arraysOnly: true);
    }

    private static int Count(JsonNode node, bool arraysOnly)
    {
        var count = !arraysOnly || node is JsonArray ? 1 : 0;
        if (node is JsonObject obj) foreach (var (_, child) in obj) { if (child is not null) count += Count(child, arraysOnly); }
        else if (node is JsonArray array) foreach (var child in array) { if (child is not null) count += Count(child, arraysOnly); }
        return count;
    }

    private static JsonNode? Find(JsonNode node, ref int index, bool arraysOnly)
    {
        if (!arraysOnly || node is JsonArray)
        {
            if (index == 0) return node;
            index--;
        }
        if (node is JsonObject obj)
        {
            foreach (var (_, child) in obj) { if (child is not null && Find(child, ref index, arraysOnly) is { } found) return found; }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array) { if (child is not null && Find(child, ref index, arraysOnly) is { } found) return found; }
        }
        return null;
    }

    private JsonNode? RandomJson(Random random) => random.Next(8) switch
    {
        0 => null,
        1 => random.Next(2) == 0,
        2 => random.Next(3) switch { 0 => random.Next(), 1 => -random.Next(100), _ => random.NextDouble() * 1e6 },
        3 => new JsonArray(),
        4 => new JsonObject(),
        5 => new JsonArray(RandomValue(random), random.Next()),
        6 => new JsonObject { [RandomValue(random)] = RandomValue(random) },
        _ => RandomValue(random),
    };

    /// <summary>Replaces a member of an object or an element of an array (the picked node's slot in its parent).</summary>
    private void ReplaceValue(JsonNode? node, Random random)
    {
        switch (node?.Parent)
        {
            case JsonObject parent:
                parent[node.GetPropertyName()] = RandomJson(random);
                break;
            case JsonArray array:
                array[node.GetElementIndex()] = RandomJson(random);
                break;
        }
    }

    private static void RemoveMember(JsonNode? node, Random random)
    {
        if (node is JsonObject obj && obj.Count > 0) obj.Remove(obj.ElementAt(random.Next(obj.Count)).Key);
        else if (node is JsonArray array && array.Count > 0) array.RemoveAt(random.Next(array.Count));
    }

    private void HostileString(JsonNode? node, Random random)
    {
        if (node?.Parent is JsonObject parent) parent[node.GetPropertyName()] = RandomValue(random);
        else if (node?.Parent is JsonArray array) array[node.GetElementIndex()] = RandomValue(random);
    }

    /// <summary>
    /// Repeats elements: a few copies (duplicates), or up to 2,000 (huge arrays), but never more than
    /// <see cref="MaxGrownNodes"/> new nodes in one go. Without that bound, growing an array whose elements were grown
    /// before compounds (2,000 containers of 2,000 env entries: a 40 MB body, far over the server's 6 MiB request cap,
    /// so the handler never sees it in production) and such inputs took most of the run's time.
    /// </summary>
    private void GrowArray(JsonArray? array, Random random)
    {
        if (array is null) return;
        var copies = random.Next(4) == 0 ? random.Next(100, 2_000) : random.Next(1, 4);
        var template = array.Count > 0 ? array[random.Next(array.Count)] : JsonValue.Create(RandomValue(random));
        copies = Math.Min(copies, Math.Max(1, MaxGrownNodes / CountNodes(template, MaxGrownNodes)));
        for (var i = 0; i < copies; i++) array.Add(template?.DeepClone());
    }

    private const int MaxGrownNodes = 20_000;

    /// <summary>Nodes in the subtree (1 for a value or null), counting stops at <paramref name="limit"/>.</summary>
    private static int CountNodes(JsonNode? node, int limit)
    {
        var count = 1;
        if (node is JsonObject obj) foreach (var (_, child) in obj) { if (count >= limit) break; count += CountNodes(child, limit - count); }
        else if (node is JsonArray array) foreach (var child in array) { if (count >= limit) break; count += CountNodes(child, limit - count); }
        return count;
    }

    private static void Nest(JsonNode? node, Random random)
    {
        if (node?.Parent is not JsonObject parent) return;
        var name = node.GetPropertyName();
        parent[name] = null; // detaches the node in its place, so it can be wrapped without a copy
        JsonNode? value = node;
        for (var depth = random.Next(1, 80); depth > 0; depth--) value = random.Next(2) == 0 ? new JsonArray(value) : new JsonObject { ["n"] = value };
        parent[name] = value;
    }

    /// <summary>Pod-shaped edits the generic ones rarely reach: container names, ports, mounts, volumes.</summary>
    internal void ContainerEdit(JsonObject? pod, Random random)
    {
        if (pod?["spec"] is not JsonObject spec) return;
        var listName = random.Next(3) == 0 ? "initContainers" : "containers";
        if (spec[listName] is not JsonArray containers) spec[listName] = containers = [];
        var container = containers.Count > 0 && random.Next(3) > 0 ? containers[random.Next(containers.Count)] as JsonObject : null;
        if (container is null) containers.Add(container = new JsonObject { ["name"] = "c" + random.Next(1000), ["image"] = "app" });
        switch (random.Next(6))
        {
            case 0:
                container["name"] = random.Next(2) == 0 ? "istio-proxy" : random.Next(2) == 0 ? "istio-init" : RandomValue(random);
                break;
            case 1:
                if (container["ports"] is not JsonArray ports) container["ports"] = ports = [];
                ports.Add(new JsonObject { ["containerPort"] = random.Next(3) == 0 ? RandomJson(random) : random.Next(1, 65536), ["name"] = RandomValue(random) });
                break;
            case 2:
                if (container["volumeMounts"] is not JsonArray mounts) container["volumeMounts"] = mounts = [];
                var volume = random.Next(2) == 0 ? "istio-envoy" : "v" + random.Next(5);
                mounts.Add(new JsonObject { ["name"] = volume, ["mountPath"] = "/m/" + random.Next(100) });
                if (spec["volumes"] is not JsonArray volumes) spec["volumes"] = volumes = [];
                if (random.Next(2) == 0) volumes.Add(new JsonObject { ["name"] = volume, ["emptyDir"] = new JsonObject() });
                break;
            case 3:
                container["readinessProbe"] = new JsonObject { ["httpGet"] = new JsonObject { ["port"] = RandomJson(random), ["path"] = RandomValue(random) } };
                break;
            case 4:
                spec[listName] = random.Next(2) == 0 ? new JsonObject { ["name"] = "x" } : RandomJson(random);
                break;
            default:
                if (container["env"] is not JsonArray env) container["env"] = env = [];
                env.Add(new JsonObject { ["name"] = RandomValue(random), ["value"] = RandomValue(random) });
                break;
        }
    }
}
