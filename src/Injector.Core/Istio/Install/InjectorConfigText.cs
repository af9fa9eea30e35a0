using System.Text;
using System.Text.Json.Nodes;
using Injector.Kube.Yaml;

namespace Injector.Istio.Install;

/// <summary>
/// The <c>config</c> and <c>values</c> keys of ConfigMap <c>istio-sidecar-injector[-rev]</c>
/// (templates/istiod-injector-configmap.yaml), as the data values read back from the ConfigMap (the template's
/// 4-space block indentation removed).
/// </summary>
internal static class InjectorConfigText
{
    /// <summary><c>pick</c> of global, sidecarInjectorWebhook, revision; pilot = cni and env (top level, after the
    /// pilot copy); gateways = securityContext and seccompProfile; <c>toPrettyJson</c>.</summary>
    public static string Values(JsonObject v)
    {
        var picked = Pick(v, "global", "sidecarInjectorWebhook", "revision");
        picked["pilot"] = Pick(v, "cni", "env");
        picked["gateways"] = Pick(v["gateways"] as JsonObject, "securityContext", "seccompProfile");
        return GoPrettyJson.Write(picked);
    }

    private static JsonObject Pick(JsonObject? map, params string[] keys)
    {
        var picked = new JsonObject();
        if (map is null) return picked;
        foreach (var key in keys)
        {
            if (map.TryGetPropertyValue(key, out var value)) picked[key] = value?.DeepClone();
        }
        return picked;
    }

    public static string Config(JsonObject v)
    {
        var webhook = v["sidecarInjectorWebhook"];
        var s = new StringBuilder();
        s.Append("# defaultTemplates defines the default template to use for pods that do not explicitly specify a template\n");
        if (ValueTree.Get(webhook, "defaultTemplates") is JsonArray defaults && defaults.Count > 0)
        {
            s.Append("defaultTemplates:\n");
            foreach (var name in defaults) s.Append("- ").Append(ValueTree.GoPrint(name)).Append('\n');
        }
        else
        {
            s.Append("defaultTemplates: [sidecar]\n");
        }
        var policy = ValueTree.Get(v, "global", "proxy", "autoInject");
        s.Append("policy: ").Append(policy is null ? "<no value>" : ValueTree.GoPrint(policy)).Append('\n');
        s.Append("alwaysInjectSelector:\n").Append(Indent(ToYaml(ValueTree.Get(webhook, "alwaysInjectSelector")), 2)).Append('\n');
        s.Append("neverInjectSelector:\n").Append(Indent(ToYaml(ValueTree.Get(webhook, "neverInjectSelector")), 2)).Append('\n');
        s.Append("injectedAnnotations:\n");
        if (ValueTree.Get(webhook, "injectedAnnotations") is JsonObject annotations)
        {
            foreach (var key in annotations.Select(p => p.Key).OrderBy(k => k, Utf8Order.Comparer))
            {
                var value = annotations[key];
                s.Append("  ").Append(ValueTree.DoubleQuoted(key)).Append(": ");
                if (value is not null) s.Append(ValueTree.DoubleQuoted(ValueTree.GoPrint(value)));
                s.Append('\n');
            }
        }
        s.Append("template: \"{{ Template_Version_And_Istio_Version_Mismatched_Check_Installation }}\"\n");
        s.Append("templates:\n");
        var userTemplates = ValueTree.Get(webhook, "templates") as JsonObject;
        foreach (var (name, file) in ChartResources.StockTemplates)
        {
            if (userTemplates is not null && userTemplates.ContainsKey(name)) continue;
            s.Append("  ").Append(name).Append(": |\n");
            s.Append(Indent(Kube.Json.GoStrings.TrimSpace(ChartResources.ChartFile(file) ?? ""), 4)).Append('\n');
        }
        if (ValueTree.IsTruthy(userTemplates)) s.Append(Indent(ToYaml(userTemplates), 2)).Append('\n');
        return s.ToString().TrimEnd('\n');
    }

    /// <summary>Sprig's <c>toYaml</c> then <c>trim</c>.</summary>
    private static string ToYaml(JsonNode? node) => Kube.Json.GoStrings.TrimSpace(GoYaml.FromJson(node));

    /// <summary>Sprig's <c>indent</c>: every line, blank ones too, gets the spaces.</summary>
    private static string Indent(string text, int spaces)
    {
        var pad = new string(' ', spaces);
        return pad + text.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }
}
