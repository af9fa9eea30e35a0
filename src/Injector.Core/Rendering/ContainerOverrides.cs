using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Normalization;
using Injector.Kube.Schema;

namespace Injector.Rendering;

/// <summary>
/// Re-injection and user overrides of injected containers (webhook.go, inject.go): <c>stripPod</c> removes what an
/// earlier injection added (by its <c>sidecar.istio.io/status</c>), <c>reinsertOverrides</c> puts back the user's
/// recorded <c>sidecar.istio.io/proxyOverrides</c>, <c>reapplyOverwrittenContainers</c> lays the user's own
/// <c>istio-proxy</c> (or other injected container) over the injected one, and <c>adjustInitContainerUser</c> follows a
/// user-set proxy UID into the init container.
/// </summary>
internal static class ContainerOverrides
{
    /// <summary>The names in the status annotation, when it reads as Istio's <c>SidecarInjectionStatus</c>.</summary>
    internal sealed record InjectedNames(List<string> InitContainers, List<string> Containers);

    /// <summary><c>injectionStatus</c> + <c>stripPod</c>. Returns the pod itself when there is no readable status.</summary>
    public static JsonObject Strip(JsonObject pod, int statusPort)
    {
        if (!PodJson.TryGetAnnotation(pod, PodJson.StatusAnnotation, out var status) || ReadStatus(status, strict: true) is not { } previous) return pod;
        var stripped = PodJson.Clone(pod);
        // modifyContainers(Remove) per listed name, done once per list: a status annotation listing many names costs
        // one pass over the pod's containers, not one pass per name.
        PodJson.RemoveNamed(stripped, "containers", previous.Containers);
        PodJson.RemoveNamed(stripped, "initContainers", previous.InitContainers);
        if (PrometheusMerge.Port(stripped) is { } port && port == statusPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            PrometheusMerge.Clear(stripped);
        }
        (stripped["metadata"]?["annotations"] as JsonObject)?.Remove(PodJson.StatusAnnotation);
        return stripped;
    }

    /// <summary>
    /// Reads the status annotation. Strict (<c>json.Unmarshal</c> into the struct): any type mismatch means "no status".
    /// Loose (<c>parseStatus</c>): a map; entries that are not lists of strings are ignored (Go would panic on them).
    /// </summary>
    internal static InjectedNames? ReadStatus(string text, bool strict)
    {
        JsonNode? node;
        try
        {
            node = PodJson.ParseAnnotationJson(text);
        }
        catch (JsonException)
        {
            return strict ? null : new InjectedNames([], []);
        }
        if (node is not JsonObject obj) return strict ? (node is null ? new InjectedNames([], []) : null) : new InjectedNames([], []);
        var init = new List<string>();
        var containers = new List<string>();
        foreach (var (key, value) in obj)
        {
            var folded = strict ? key.ToLowerInvariant() : key;
            List<string>? target = folded switch
            {
                "initContainers" or "initcontainers" => init,
                "containers" => containers,
                _ => null,
            };
            if (strict && folded is "volumes" or "imagepullsecrets")
            {
                if (!IsStringList(value)) return null;
                continue;
            }
            if (strict && folded == "revision")
            {
                if (value is not null && !(value is JsonValue rv && rv.GetValueKind() == JsonValueKind.String)) return null;
                continue;
            }
            if (target is null) continue;
            if (!IsStringList(value))
            {
                if (strict) return null;
                continue;
            }
            if (value is JsonArray list)
            {
                target.Clear();
                foreach (var item in list) target.Add(item is null ? "" : item.GetValue<string>());
            }
        }
        return new InjectedNames(init, containers);
    }

    private static bool IsStringList(JsonNode? value) =>
        value is null || value is JsonArray a && a.All(i => i is null || i is JsonValue v && v.GetValueKind() == JsonValueKind.String);

    /// <summary>The proxyOverrides annotation: <c>{containers: [...], initContainers: [...]}</c> as typed containers.</summary>
    private static (List<JsonObject> Containers, List<JsonObject> InitContainers) ReadOverrides(JsonObject pod)
    {
        var containers = new List<JsonObject>();
        var init = new List<JsonObject>();
        if (!PodJson.TryGetAnnotation(pod, PodJson.OverridesAnnotation, out var text)) return (containers, init);
        JsonNode? node;
        try
        {
            node = PodJson.ParseAnnotationJson(text);
        }
        catch (JsonException ex)
        {
            // Istio's json.Unmarshal error text (Go's syntax messages), not the .NET reader's.
            var goError = Templates.Json.GoJsonParser.TryParse(text, 64, out _, out var error) ? null : error;
            throw new RenderException(AnnotationValidation.OneLine(goError ?? ex.Message));
        }
        if (node is null) return (containers, init);
        if (node is not JsonObject obj) throw new RenderException("json: cannot unmarshal " + Kind(node) + " into Go value of type inject.ParsedContainers");
        foreach (var (key, value) in obj)
        {
            var target = key.ToLowerInvariant() switch
            {
                "containers" => containers,
                "initcontainers" => init,
                _ => null,
            };
            if (target is null || value is null) continue;
            if (value is not JsonArray list) throw new RenderException("json: cannot unmarshal " + Kind(value) + " into Go struct field ." + key + " of type []v1.Container");
            foreach (var item in list)
            {
                try
                {
                    target.Add(PodNormalizer.Normalize(item ?? new JsonObject(), KubeSchema.Container) as JsonObject ?? new JsonObject());
                }
                catch (KubeDecodeException ex)
                {
                    throw new RenderException(AnnotationValidation.OneLine(ex.Message));
                }
            }
        }
        return (containers, init);
    }

    private static string Kind(JsonNode node) => node switch
    {
        JsonArray => "array",
        JsonObject => "object",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            _ => "bool",
        },
    };

    /// <summary><c>reinsertOverrides</c>: recorded overrides missing from the pod are appended (for the template data).</summary>
    public static JsonObject Reinsert(JsonObject pod)
    {
        var (containers, init) = ReadOverrides(pod);
        if (containers.Count == 0 && init.Count == 0) return pod;
        pod = PodJson.Clone(pod);
        foreach (var c in containers)
        {
            if (PodJson.Find(PodJson.List(pod, "containers"), PodJson.String(c, "name")) is null) PodJson.EnsureList(pod, "containers").Add(c.DeepClone());
        }
        foreach (var c in init)
        {
            if (PodJson.Find(PodJson.List(pod, "initContainers"), PodJson.String(c, "name")) is null) PodJson.EnsureList(pod, "initContainers").Add(c.DeepClone());
        }
        return PodInjector.Normalize(pod);
    }

    /// <summary><c>reapplyOverwrittenContainers</c> (and <c>adjustInitContainerUser</c>).</summary>
    public static JsonObject Reapply(JsonObject final, JsonObject original, JsonObject templatePod, string interceptionMode)
    {
        var (existingContainers, existingInit) = ReadOverrides(original);
        var alreadyInjected = PodJson.TryGetAnnotation(original, PodJson.StatusAnnotation, out var status);
        var injected = alreadyInjected ? ReadStatus(status, strict: false)! : new InjectedNames([], []);
        var applied = new List<JsonObject>();
        var appliedInit = new List<JsonObject>();
        foreach (var c in PodJson.List(templatePod, "containers") ?? [])
        {
            var name = PodJson.String(c, "name");
            var recorded = existingContainers.FirstOrDefault(e => PodJson.String(e, "name") == name);
            // Istio skips every container the status lists, so a re-injected pod loses the user's recorded overrides;
            // re-applying the recorded ones keeps re-injection idempotent (a deliberate difference, docs/rendered-path.md).
            if (injected.Containers.Contains(name) && recorded is null) continue;
            var match = recorded ?? PodJson.Find(PodJson.List(original, "containers"), name);
            if (match is null) continue;
            var overlay = AutoImage(match);
            applied.Add(overlay);
            final = PodInjector.Overlay(final, new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(overlay.DeepClone()) } },
                "failed to apply sidecar container: ");
        }
        foreach (var c in PodJson.List(templatePod, "initContainers") ?? [])
        {
            var name = PodJson.String(c, "name");
            var recorded = existingInit.FirstOrDefault(e => PodJson.String(e, "name") == name);
            if (injected.InitContainers.Contains(name) && recorded is null) continue;
            var match = recorded ?? PodJson.FindInPod(original, name);
            if (match is null) continue;
            var overlay = AutoImage(match);
            appliedInit.Add(overlay);
            final = PodInjector.Overlay(final, new JsonObject
            {
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(), ["initContainers"] = new JsonArray(overlay.DeepClone()) },
            }, "failed to apply sidecar init container: ");
        }
        if (!alreadyInjected && (applied.Count > 0 || appliedInit.Count > 0))
        {
            var record = new JsonObject();
            if (applied.Count > 0) record["containers"] = new JsonArray([.. applied.Select(a => a.DeepClone())]);
            if (appliedInit.Count > 0) record["initContainers"] = new JsonArray([.. appliedInit.Select(a => a.DeepClone())]);
            PodJson.SetAnnotation(final, PodJson.OverridesAnnotation, System.Text.Encoding.UTF8.GetString(GoJson.Serialize(record)));
        }
        AdjustInitContainerUser(final, original, interceptionMode);
        return final;
    }

    // AutoImage: "auto" means "keep the injected image".
    private static JsonObject AutoImage(JsonObject container)
    {
        var copy = PodJson.Clone(container);
        if (PodJson.String(copy, "image") == "auto") copy.Remove("image");
        return copy;
    }

    private static void AdjustInitContainerUser(JsonObject final, JsonObject original, string interceptionMode)
    {
        if (PodJson.FindInPod(original, PodJson.ProxyContainer) is not { } user || user["securityContext"] is not JsonObject userContext) return;
        var runAsUser = Int(userContext, "runAsUser");
        var runAsGroup = Int(userContext, "runAsGroup");
        if (runAsUser is null && runAsGroup is null) return;
        var init = PodJson.Find(PodJson.List(final, "initContainers"), PodJson.InitContainer)
            ?? PodJson.Find(PodJson.List(final, "initContainers"), PodJson.ValidationContainer);
        if (init is null) return;
        var tproxy = interceptionMode == "TPROXY"
            || PodJson.TryGetAnnotation(final, "sidecar.istio.io/interceptionMode", out var mode) && mode == "TPROXY";
        if (tproxy && runAsUser is not null && PodJson.FindInPod(final, PodJson.ProxyContainer) is { } sidecar
            && sidecar["securityContext"] is JsonObject sidecarContext)
        {
            sidecarContext["runAsUser"] = 0;
        }
        if (!tproxy && PodJson.String(init, "name") == PodJson.ValidationContainer)
        {
            var context = PodJson.Object(init, "securityContext");
            if (runAsUser is { } u) context["runAsUser"] = u;
            if (runAsGroup is { } g) context["runAsGroup"] = g;
        }
        if (runAsUser is null or 0) return;
        if (init["args"] is JsonArray args)
        {
            for (var i = 0; i < args.Count; i++)
            {
                if (args[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == "-u")
                {
                    // Go indexes args[i+1]; a trailing "-u" would panic there. Nothing to replace instead.
                    if (i + 1 < args.Count) args[i + 1] = runAsUser.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return;
                }
            }
        }
    }

    internal static long? Int(JsonObject obj, string key) =>
        obj[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var l) ? l : null;
}
