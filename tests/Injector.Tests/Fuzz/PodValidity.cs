using System.Text.Json;
using System.Text.Json.Nodes;

namespace Injector.Tests.Fuzz;

/// <summary>
/// The pod rules an injected pod must keep (the API server would reject a pod that breaks them): container names
/// DNS labels, unique across containers and initContainers, every volumeMount naming a volume of the pod at a path, every container port
/// in 1..65535. Returns the first broken rule, or null.
/// </summary>
internal static class PodValidity
{
    public static string? FirstProblem(JsonNode? pod)
    {
        if (pod is not JsonObject obj || obj["spec"] is not JsonObject spec) return "no spec object";
        var volumes = new HashSet<string>(StringComparer.Ordinal);
        if (spec["volumes"] is JsonArray volumeList)
        {
            foreach (var volume in volumeList)
            {
                if (Text(Member(volume, "name")) is { } name && !volumes.Add(name)) return "volume '" + name + "' twice";
            }
        }
        else if (spec["volumes"] is not null) return "volumes is not an array";

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var listName in (string[])["initContainers", "containers"])
        {
            var list = spec[listName];
            if (list is null) continue;
            if (list is not JsonArray containers) return listName + " is not an array";
            foreach (var container in containers)
            {
                if (container is not JsonObject c) return listName + " holds a non-object";
                var name = Text(c["name"]);
                if (name is null) return listName + " has a container without a string name";
                // The API server requires a DNS-1123 label (an empty name is refused).
                if (!Injector.Istio.IstioNames.IsDnsLabel(name)) return "container name '" + name + "' is not a DNS label";
                if (!names.Add(name)) return "container name '" + name + "' twice";
                if (MountProblem(c, name, volumes) is { } mount) return mount;
                if (PortProblem(c, name) is { } port) return port;
            }
        }
        return names.Count == 0 ? "no containers" : null;
    }

    /// <summary>
    /// True when the pod asks for proxy volume mounts (sidecar.istio.io/userVolumeMount): Istio mounts every named
    /// volume unchecked, so a mount of a volume the pod does not have makes a pod the API server refuses, as with Istio.
    /// </summary>
    public static bool AsksForUserMounts(JsonNode? pod) =>
        Member(Member(Member(pod, "metadata"), "annotations"), "sidecar.istio.io/userVolumeMount") is not null;

    /// <summary>
    /// True when the pod arrives with a <c>sidecar.istio.io/status</c> annotation that is not a JSON object (a forged or
    /// broken record of an injection that never happened): Istio's two readers of it (strict and lenient) then
    /// disagree on what was injected, so a second injection is not promised to change nothing (docs/reliability.md).
    /// </summary>
    public static bool ArrivesWithBrokenStatus(JsonNode? pod)
    {
        if (Text(Member(Member(Member(pod, "metadata"), "annotations"), "sidecar.istio.io/status")) is not { } status) return false;
        try { return JsonNode.Parse(status) is not JsonObject; }
        catch (JsonException) { return true; }
    }

    /// <summary>
    /// True when the pod selects several templates (inject.istio.io/templates): Istio merges them one after the other and
    /// moves the proxy into initContainers only when the pod so far has it among containers, so a native-sidecar
    /// template followed by one that writes istio-proxy among containers (e.g. "sidecar,grpc-agent") gives a pod with
    /// the proxy in both lists, which the API server refuses, as with Istio.
    /// </summary>
    public static bool MergesSeveralTemplates(JsonNode? pod) =>
        Text(Member(Member(Member(pod, "metadata"), "annotations"), "inject.istio.io/templates")) is { } names && names.Contains(',');

    /// <summary>
    /// True when a probe or lifecycle handler names a port its container does not declare: Istio rewrites that probe to
    /// the status port but leaves it out of ISTIO_KUBE_APP_PROBERS, and a second injection (the probe now on the status
    /// port annotation's number, not the proxy's) writes it in. Istio is not idempotent there, nor are we.
    /// </summary>
    public static bool ProbesUnresolvedPortName(JsonNode? pod)
    {
        foreach (var listName in (string[])["initContainers", "containers"])
        {
            if (Member(Member(pod, "spec"), listName) is not JsonArray containers) continue;
            foreach (var container in containers)
            {
                var declared = new HashSet<string>(StringComparer.Ordinal);
                if (Member(container, "ports") is JsonArray ports)
                {
                    foreach (var port in ports) if (Text(Member(port, "name")) is { Length: > 0 } n) declared.Add(n);
                }
                foreach (var handler in (string[])["readinessProbe", "livenessProbe", "startupProbe"])
                {
                    if (NamesMissingPort(Member(container, handler), declared)) return true;
                }
                if (NamesMissingPort(Member(Member(container, "lifecycle"), "preStop"), declared)
                    || NamesMissingPort(Member(Member(container, "lifecycle"), "postStart"), declared)) return true;
            }
        }
        return false;
    }

    private static bool NamesMissingPort(JsonNode? handler, HashSet<string> declared)
    {
        foreach (var action in (string[])["httpGet", "tcpSocket"])
        {
            if (Text(Member(Member(handler, action), "port")) is { } name && !declared.Contains(name)) return true;
        }
        return false;
    }

    /// <summary>
    /// True when a container's name reads as another type in plain YAML (<c>null</c>, <c>true</c>, <c>123</c>): Istio's
    /// grpc-agent and grpc-simple templates print app container names unquoted (<c>- name: {{ $container.Name }}</c>),
    /// so the overlay's container is named <c>""</c> (or fails to decode) and is added beside the app's, a pod the API
    /// server refuses, as with Istio.
    /// </summary>
    public static bool NamesAContainerYamlReadsAsAnotherType(JsonNode? pod) =>
        Member(Member(pod, "spec"), "containers") is JsonArray containers
        && containers.Any(container => Text(Member(container, "name")) is { } name && !Injector.Kube.Yaml.GoScalarResolver.PlainReadsAsString(name));

    /// <summary>True when the pod has its own container or volume named like an injected one (istio-proxy is merged, so it is fine).</summary>
    public static bool UsesInjectedName(JsonNode? pod)
    {
        foreach (var listName in (string[])["initContainers", "containers"])
        {
            if (Member(Member(pod, "spec"), listName) is not JsonArray containers) continue;
            foreach (var container in containers)
            {
                if (Text(Member(container, "name")) is "istio-init" or "istio-validation" or "enable-core-dump") return true;
                // The proxy among init containers, where the template writes it among containers (no native sidecars):
                // Istio's merge keeps both, as the API server then refuses (its move goes the other way only).
                if (listName == "initContainers" && Text(Member(container, "name")) is "istio-proxy") return true;
            }
        }
        // Injected volumes are all named istio-* / istiod-*; a user volume with such a name is not renamed either.
        if (Member(Member(pod, "spec"), "volumes") is JsonArray volumes)
        {
            foreach (var volume in volumes)
            {
                if (Text(Member(volume, "name")) is { } name && name.StartsWith("istio", StringComparison.Ordinal)) return true;
            }
        }
        return false;
    }

    private static string? MountProblem(JsonObject container, string name, HashSet<string> volumes)
    {
        if (container["volumeMounts"] is null) return null;
        if (container["volumeMounts"] is not JsonArray mounts) return name + ".volumeMounts is not an array";
        foreach (var mount in mounts)
        {
            var volume = Text(Member(mount, "name"));
            if (volume is null || !volumes.Contains(volume)) return name + " mounts missing volume '" + volume + "'";
            if (Text(Member(mount, "mountPath")) is not { Length: > 0 }) return name + " mounts '" + volume + "' without a mountPath";
        }
        return null;
    }

    private static string? PortProblem(JsonObject container, string name)
    {
        if (container["ports"] is null) return null;
        if (container["ports"] is not JsonArray ports) return name + ".ports is not an array";
        foreach (var port in ports)
        {
            var value = Member(port, "containerPort");
            // Read from the JSON text: a number parsed from YAML is held as long or decimal, and TryGetValue<int>
            // refused those, which made every parity seed with ports look invalid and skipped property 5 for it.
            if (value is not JsonValue number || number.GetValueKind() != JsonValueKind.Number
                || !int.TryParse(number.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var p)
                || p is < 1 or > 65535)
            {
                return name + " has containerPort " + value?.ToJsonString();
            }
        }
        return null;
    }

    private static JsonNode? Member(JsonNode? node, string name) => (node as JsonObject)?[name];

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
