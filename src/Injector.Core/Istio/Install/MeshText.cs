using System.Text;
using System.Text.Json.Nodes;
using Injector.Kube.Yaml;

namespace Injector.Istio.Install;

/// <summary>
/// The <c>mesh</c> key of ConfigMap <c>istio[-rev]</c> (templates/configmap.yaml): the chart's <c>mesh</c> define
/// (_helpers.tpl and configmap.yaml) rendered from the values and read back as YAML, <c>values.meshConfig</c> merged
/// over it (<c>mergeOverwrite</c>), written with <c>toYaml</c>. The define is built as the template prints it, so
/// values land in the YAML exactly as Helm puts them there (unquoted where the template does not quote).
/// </summary>
internal static class MeshText
{
    /// <summary>The text, or "" when <c>configMap</c> is off (the chart renders no ConfigMap <c>istio</c>).</summary>
    public static string Render(JsonObject values, string releaseNamespace)
    {
        if (!ValueTree.IsTruthy(values["configMap"])) return "";
        var mesh = DefineTree(values, releaseNamespace);
        if (values["meshConfig"] is JsonObject meshConfig) ValueTree.MergeInto(mesh, meshConfig);
        return GoYaml.FromJson(mesh);
    }

    /// <summary>The <c>mesh</c> define for these values, parsed.</summary>
    public static JsonObject DefineTree(JsonObject values, string releaseNamespace)
    {
        var text = Define(values, releaseNamespace);
        try
        {
            return GoYaml.ToJson(text) as JsonObject ?? new JsonObject();
        }
        catch (GoYamlException e)
        {
            throw new InstallInputException($"values: the chart's mesh text for these values is not YAML ({e.Message})");
        }
    }

    private static string Define(JsonObject v, string ns)
    {
        var global = v["global"];
        var meshConfig = v["meshConfig"];
        var s = new StringBuilder();
        s.Append("trustDomain: \"cluster.local\"\n");
        var rootNamespace = ValueTree.Get(meshConfig, "rootNamespace");
        if (!ValueTree.IsTruthy(rootNamespace)) rootNamespace = ValueTree.Get(global, "istioNamespace");
        s.Append("rootNamespace: ").Append(Quote(rootNamespace)).Append('\n');

        var noProviders = !ValueTree.IsTruthy(ValueTree.Get(meshConfig, "defaultProviders"));
        var prometheus = noProviders && AndIsTrue(v, "prometheus");
        var stackdriver = noProviders && AndIsTrue(v, "stackdriver");
        if (prometheus || stackdriver)
        {
            s.Append("defaultProviders:\n  metrics:\n");
            if (prometheus) s.Append("  - prometheus\n");
            if (stackdriver) s.Append("  - stackdriver\n  accessLogging:\n  - stackdriver\n");
        }

        s.Append("defaultConfig:\n");
        var meshId = ValueTree.Get(global, "meshID");
        if (ValueTree.IsTruthy(meshId)) s.Append("  meshId: ").Append(Quote(meshId)).Append('\n');
        var variant = ValueTree.Get(global, "proxy", "variant");
        if (!ValueTree.IsTruthy(variant)) variant = ValueTree.Get(global, "variant");
        if (ValueTree.IsTruthy(variant)) s.Append("  image:\n    imageType: ").Append(Quote(variant)).Append('\n');
        var tracer = Print(ValueTree.Get(global, "proxy", "tracer"));
        if (tracer != "none")
        {
            s.Append("  tracing:\n");
            var settings = ValueTree.Get(global, "tracer");
            switch (tracer)
            {
                case "lightstep":
                    s.Append("    lightstep:\n");
                    s.Append("      address: ").Append(Print(ValueTree.Get(settings, "lightstep", "address"))).Append('\n');
                    s.Append("      accessToken: ").Append(Print(ValueTree.Get(settings, "lightstep", "accessToken"))).Append('\n');
                    break;
                case "zipkin":
                    s.Append("    zipkin:\n      address: ")
                        .Append(Default(ValueTree.Get(settings, "zipkin", "address"), "zipkin." + Print(ValueTree.Get(global, "istioNamespace")) + ":9411"))
                        .Append('\n');
                    break;
                case "datadog":
                    s.Append("    datadog:\n      address: ")
                        .Append(Default(ValueTree.Get(settings, "datadog", "address"), "$(HOST_IP):8126")).Append('\n');
                    break;
                case "stackdriver":
                    s.Append("    stackdriver:\n");
                    s.Append("      debug: ").Append(Default(ValueTree.Get(settings, "stackdriver", "debug"), "false")).Append('\n');
                    foreach (var key in new[] { "maxNumberOfAttributes", "maxNumberOfAnnotations", "maxNumberOfMessageEvents" })
                    {
                        s.Append("      ").Append(key).Append(": ").Append(Default(ValueTree.Get(settings, "stackdriver", key), "200")).Append('\n');
                    }
                    break;
            }
        }
        s.Append("  discoveryAddress: ").Append(DiscoveryAddress(v, ns)).Append('\n');
        return s.ToString();
    }

    /// <summary>The chart's discoveryAddress: the remote istiod when <c>global.remotePilotAddress</c> is set, else
    /// <c>istiod[-rev].NS.svc:15012</c>.</summary>
    public static string DiscoveryAddress(JsonObject v, string ns)
    {
        if (ValueTree.IsTruthy(ValueTree.Get(v, "global", "remotePilotAddress")))
        {
            var localInjector = ValueTree.IsTruthy(ValueTree.Get(v, "istiodRemote", "enabled"))
                && ValueTree.IsTruthy(ValueTree.Get(v, "istiodRemote", "enabledLocalInjectorIstiod"));
            return (localInjector ? "istiod-remote." : "istiod.") + ns + ".svc:15012";
        }
        var revision = Print(v["revision"]);
        return "istiod" + (revision.Length == 0 ? "" : "-" + revision) + "." + ns + ".svc:15012";
    }

    /// <summary>The chart's <c>default-prometheus</c> / <c>default-sd-*</c> helpers: <c>and</c> of the telemetry
    /// switches, printed, equal to "true".</summary>
    private static bool AndIsTrue(JsonObject v, string provider)
    {
        JsonNode?[] operands =
        [
            ValueTree.Get(v, "telemetry", "enabled"),
            ValueTree.Get(v, "telemetry", "v2", "enabled"),
            ValueTree.Get(v, "telemetry", "v2", provider, "enabled"),
        ];
        foreach (var operand in operands)
        {
            if (!ValueTree.IsTruthy(operand)) return false;
        }
        return ValueTree.GoPrint(operands[^1]) == "true";
    }

    /// <summary>What <c>{{ x }}</c> prints: a missing or nil value is <c>&lt;no value&gt;</c>.</summary>
    private static string Print(JsonNode? node) => node is null ? "<no value>" : ValueTree.GoPrint(node);

    /// <summary>Sprig's <c>default</c>: the fallback when the value is empty.</summary>
    private static string Default(JsonNode? node, string fallback) => ValueTree.IsTruthy(node) ? ValueTree.GoPrint(node) : fallback;

    /// <summary>Sprig's <c>quote</c> as YAML reads it back: the printed value as a double-quoted string (nil gives
    /// an empty string there; here too).</summary>
    private static string Quote(JsonNode? node) => ValueTree.DoubleQuoted(node is null ? "" : ValueTree.GoPrint(node));
}
