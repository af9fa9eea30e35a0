using System.Text;
using Injector.Templates.Execution;
using Injector.Templates.Functions.Sprig;
using Injector.Templates.Json;
using Injector.Templates.Values;

namespace Injector.Templates.Functions.Istio;

/// <summary>
/// Istio's injection template functions (<c>pkg/kube/inject/template.go</c>), registered after Sprig so that they win
/// on the names both have. Arguments that are Go structs (<c>metav1.ObjectMeta</c>, <c>[]corev1.Container</c>,
/// <c>*meshconfig.MeshConfig</c>, <c>*durationpb.Duration</c>) are read through <see cref="GoAccess"/>.
/// </summary>
internal static class IstioFunctions
{
    private const string ProxyContainerName = "istio-proxy";

    public static void Register(FunctionRegistry r, FunctionTableOptions options)
    {
        r.Add("formatDuration", static (_, a) => Slot.Of(FormatDuration(a[0].Value)), ParamType.Duration);
        r.Add("isset", static (e, a) => Slot.Of(a[0].Value is GoMap m && m.TryGetValue(S(a[1]), out _)), ParamType.StringMap, ParamType.String);
        r.Add("excludeInboundPort", static (e, a) => Slot.Of(ExcludeInboundPort(e, a[0].Value, S(a[1]))), ParamType.Any, ParamType.String);
        r.Add("includeInboundPorts", static (_, a) => Slot.Of(ContainerPorts(a[0].Value, static _ => true)), ParamType.Containers);
        r.Add("applicationPorts", static (_, a) => Slot.Of(ContainerPorts(a[0].Value,
            static c => GoAccess.String(GoAccess.Field(c, "Name")) != ProxyContainerName)), ParamType.Containers);
        r.Add("kubevirtInterfaces", static (_, a) => a[0], ParamType.String);
        r.Add("excludeInterfaces", static (_, a) => a[0], ParamType.String);
        r.Add("annotation", static (e, a) => Slot.Of(Annotation(e, a[0].Value, S(a[1]), a[2].Value)), ParamType.ObjectMeta, ParamType.String, ParamType.Any);
        r.AddReturningAny("valueOrDefault", static (_, a) => a[0].Value is null or "" ? Slot.Of(a[1].Value) : Slot.Of(a[0].Value), ParamType.Any, ParamType.Any);
        r.Add("toJSON", static (e, a) => Slot.Of(a[0].Value is GoMap { IsNil: false } m ? GoJsonWriter.Marshal(m, e) : "{}"), ParamType.StringMap);
        r.AddReturningAny("fromJSON", static (e, a) => Slot.Of(FromJson(e, S(a[0]))), ParamType.String);
        r.Add("structToJSON", static (e, a) => Slot.Of(StructToJson(e, a[0].Value)), ParamType.Any);
        r.Add("protoToJSON", static (_, a) => Slot.Of(ProtoToJson(a[0].Value)), ParamType.ProtoMessage);
        var jsonToYaml = options.JsonToYaml ?? SimpleYaml.FromJson;
        r.Add("toYaml", (e, a) => Slot.Of(ToYaml(e, a[0].Value, jsonToYaml)), ParamType.Any);
        r.Add("indent", static (e, a) => Slot.Of(Indent(e, (long)a[0].Value!, S(a[1]))), ParamType.Int, ParamType.String);
        r.Add("directory", static (_, a) => Slot.Of(PathFunctions.SplitDirectory(S(a[0]))), ParamType.String);
        r.Add("contains", static (_, a) => Slot.Of(S(a[1]).Contains(S(a[0]), StringComparison.Ordinal)), ParamType.String, ParamType.String);
        r.Add("toLower", static (_, a) => Slot.Of(GoStrings.ToLower(S(a[0]))), ParamType.String);
        r.Add("appendMultusNetwork", static (e, a) => Slot.Of(AppendMultusNetwork(e, S(a[0]), S(a[1]))), ParamType.String, ParamType.String);
        var environment = options.IstiodEnvironment ?? new Dictionary<string, string>();
        r.Add("env", (_, a) => Slot.Of(environment.TryGetValue(S(a[0]), out var v) && v.Length > 0 ? v : S(a[1])), ParamType.String, ParamType.String);
        r.AddVariadic("omit", static (e, a) => Slot.Of(Omit(e, a[0].Value as GoMap, a[1..])), ParamType.String, ParamType.StringMap);
        r.AddVariadic("strdict", static (e, a) => Slot.Of(StrDict(e, a)), ParamType.String);
        r.AddVariadic("toJsonMap", static (e, a) => Slot.Of(GoJsonWriter.Marshal(MergeMaps(e, a), e)), ParamType.StringMap);
        r.AddVariadic("mergeMaps", static (e, a) => Slot.Of(MergeMaps(e, a)), ParamType.StringMap);
        r.AddReturningAny("omitNil", static (e, a) => Slot.Of(OmitNil(e, a[0].Value, 0).Value), ParamType.Any);
        r.Add("otelResourceAttributes", static (_, a) => Slot.Of(OtelResourceAttributes(a[0].Value, a[1].Value, a[2].Value, S(a[3]), a[4].Value)),
            ParamType.MeshConfig, ParamType.StringMap, ParamType.StringMap, ParamType.String, ParamType.Containers);
    }

    private static string S(Slot slot) => (string)slot.Value!;

    /// <summary>Istio's <c>fromJSON</c>: the decoded value, or the string <c>"{}"</c> when the text is not JSON.</summary>
    private static object? FromJson(TemplateExecution execution, string text)
    {
        execution.ChargeWork(text.Length);
        return GoJsonParser.TryParse(text, execution.Limits.MaxValueDepth, out var value, out _) ? value : "{}";
    }

    private static string FormatDuration(object? duration)
    {
        long seconds = GoAccess.Integer(GoAccess.Get(duration, "GetSeconds"));
        long nanos = GoAccess.Integer(GoAccess.Get(duration, "GetNanos"));
        return GoDuration.Format(GoDuration.FromSecondsAndNanos(seconds, nanos));
    }

    private static string ExcludeInboundPort(TemplateExecution execution, object? port, string excluded)
    {
        string portText = GoStrings.TrimSpace(execution.Sprint(port));
        if (portText.Length == 0 || portText == "0")
        {
            return excluded;
        }
        var ports = excluded.Split(',');
        var kept = new List<string>(ports.Length + 1);
        foreach (var candidate in ports)
        {
            if (candidate == portText)
            {
                return excluded;
            }
            string trimmed = GoStrings.TrimSpace(candidate);
            if (trimmed.Length > 0)
            {
                kept.Add(trimmed);
            }
        }
        kept.Add(portText);
        return string.Join(',', kept);
    }

    private static string ContainerPorts(object? containers, Func<object?, bool> include)
    {
        var parts = new List<string>();
        foreach (var container in GoAccess.Items(containers))
        {
            if (!include(container))
            {
                continue;
            }
            foreach (var port in GoAccess.Items(GoAccess.Field(container, "Ports")))
            {
                string protocol = ProtocolName(GoAccess.Field(port, "Protocol"));
                if (protocol is "UDP" or "SCTP")
                {
                    continue;
                }
                parts.Add(((int)GoAccess.Integer(GoAccess.Field(port, "ContainerPort"))).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return string.Join(',', parts);
    }

    private static string ProtocolName(object? protocol) => protocol switch
    {
        string s => s,
        GoEnum e => e.Name,
        _ => "",
    };

    private static string Annotation(TemplateExecution execution, object? meta, string name, object? fallback)
    {
        if (GoAccess.TryGetString(GoAccess.Field(meta, "Annotations"), name, out var value))
        {
            return value;
        }
        return execution.Sprint(fallback);
    }

    private static string StructToJson(TemplateExecution execution, object? value)
    {
        if (value is null)
        {
            return "{}";
        }
        try
        {
            return GoJsonWriter.Marshal(value, execution);
        }
        catch (GoCallException)
        {
            return "{}";
        }
    }

    private static string ProtoToJson(object? message)
    {
        if (message is not IProtoMessageValue proto)
        {
            // Go's nil message (or a typed nil pointer) marshals to "{}".
            return "{}";
        }
        try
        {
            return proto.ToProtoJson();
        }
        catch (GoCallException)
        {
            return "{}";
        }
    }

    private static string ToYaml(TemplateExecution execution, object? value, Func<string, string> jsonToYaml)
    {
        string json;
        try
        {
            json = GoJsonWriter.Marshal(value, execution);
        }
        catch (GoCallException)
        {
            return "";
        }
        try
        {
            string yaml = jsonToYaml(json);
            execution.ChargeWork(yaml.Length);
            return yaml;
        }
        catch (Exception ex) when (ex is not TemplateLimitException)
        {
            return "";
        }
    }

    /// <summary>Istio's <c>indent</c>: every line but the first gets <c>fmt.Sprintf("% Ns%s", "", line)</c> (so a
    /// negative count indents too, and 0 does not).</summary>
    private static string Indent(TemplateExecution execution, long spaces, string source)
    {
        var lines = source.Split('\n');
        if (lines.Length == 1)
        {
            return source;
        }
        string format = "% " + spaces.ToString(System.Globalization.CultureInfo.InvariantCulture) + "s%s";
        var output = new StringBuilder(source.Length + lines.Length * (int)Math.Min(Math.Abs(spaces), 64));
        output.Append(lines[0]);
        for (int i = 1; i < lines.Length; i++)
        {
            output.Append('\n').Append(execution.Sprintf(format, ["", lines[i]]));
        }
        return output.ToString();
    }

    private static string AppendMultusNetwork(TemplateExecution execution, string existing, string network)
    {
        if (existing.Length == 0)
        {
            return network;
        }
        int i = existing.LastIndexOf(']');
        if (i >= 0)
        {
            if (!GoJsonParser.TryParse(existing, execution.Limits.MaxValueDepth, out var parsed, out _))
            {
                return existing;
            }
            var (networkNamespace, networkName) = SplitQualifiedName(network);
            if (parsed is GoSlice networks)
            {
                for (int k = 0; k < networks.Count; k++)
                {
                    if (networks[k] is not (null or GoMap))
                    {
                        // json: cannot unmarshal into map[string]interface {}: Istio keeps the value.
                        return existing;
                    }
                }
                for (int k = 0; k < networks.Count; k++)
                {
                    if (networks[k] is GoMap net && net.TryGetValue("name", out var name) && name is string n && n == networkName)
                    {
                        net.TryGetValue("namespace", out var ns);
                        if ((ns ?? "") is string nsText && nsText == networkNamespace)
                        {
                            return existing;
                        }
                    }
                }
            }
            else if (parsed is not null)
            {
                return existing;
            }
            string addition = networkNamespace.Length == 0
                ? ", {\"name\": \"" + networkName + "\"}"
                : ", {\"name\": \"" + networkName + "\", \"namespace\": \"" + networkNamespace + "\"}";
            return existing[..i] + addition + existing[i..];
        }
        foreach (var net in existing.Split(','))
        {
            if (GoStrings.TrimSpace(net) == network)
            {
                return existing;
            }
        }
        return existing + ", " + network;
    }

    private static (string Namespace, string Name) SplitQualifiedName(string text)
    {
        var parts = text.Split('/');
        return parts.Length < 2 ? ("", text) : (parts[0], parts[1]);
    }

    private static GoStringMap Omit(TemplateExecution execution, GoMap? map, ReadOnlySpan<Slot> keys)
    {
        var omitted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            omitted.Add(S(key));
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map is not null)
        {
            foreach (var (key, value) in map.SortedEntries)
            {
                if (!omitted.Contains(key))
                {
                    result[key] = (string)value!;
                }
            }
        }
        execution.ChargeElements(result.Count);
        return GoStringMap.Wrap(result, mutable: true);
    }

    private static GoStringMap StrDict(TemplateExecution execution, ReadOnlySpan<Slot> values)
    {
        execution.ChargeElements(values.Length);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < values.Length; i += 2)
        {
            result[S(values[i])] = i + 1 < values.Length ? S(values[i + 1]) : "";
        }
        return GoStringMap.Wrap(result, mutable: true);
    }

    private static GoStringMap MergeMaps(TemplateExecution execution, ReadOnlySpan<Slot> maps)
    {
        if (maps.Length == 0)
        {
            return GoStringMap.Nil;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var map in maps)
        {
            if (map.Value is GoMap m)
            {
                foreach (var (key, value) in m.SortedEntries)
                {
                    execution.Step();
                    result[key] = (string)value!;
                }
            }
        }
        return GoStringMap.Wrap(result, mutable: true);
    }

    /// <summary>Istio's <c>omitNil</c> on <c>map[string]interface {}</c> and <c>[]interface {}</c>: nils removed
    /// recursively, and a container left empty by that removal becomes nil too. Anything without a nil is returned as
    /// it is.</summary>
    private static (object? Value, bool Changed) OmitNil(TemplateExecution execution, object? value, int depth)
    {
        if (depth > execution.Limits.MaxValueDepth)
        {
            throw new TemplateLimitException("value nested deeper than " + execution.Limits.MaxValueDepth + " levels");
        }
        execution.Step();
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case null:
                return (null, true);
            case GoAnyMap map when !map.IsNil:
            {
                bool any = false;
                foreach (var (_, element) in map.SortedEntries)
                {
                    if (OmitNil(execution, element, depth + 1).Changed)
                    {
                        any = true;
                        break;
                    }
                }
                if (!any)
                {
                    return (map, false);
                }
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, element) in map.SortedEntries)
                {
                    var filtered = OmitNil(execution, element, depth + 1).Value;
                    if (filtered is not null)
                    {
                        result[key] = filtered;
                    }
                }
                return result.Count == 0 ? (null, true) : (GoAnyMap.Wrap(result, mutable: true), true);
            }
            case GoSlice slice when !slice.IsNil && slice.TypeName == GoTypeNames.AnySlice:
            {
                int first = -1;
                for (int i = 0; i < slice.Count; i++)
                {
                    if (OmitNil(execution, slice[i], depth + 1).Changed)
                    {
                        first = i;
                        break;
                    }
                }
                if (first < 0)
                {
                    return (slice, false);
                }
                var items = new List<object?>(slice.Count);
                for (int i = 0; i < first; i++)
                {
                    items.Add(slice[i]);
                }
                for (int i = first; i < slice.Count; i++)
                {
                    var filtered = OmitNil(execution, slice[i], depth + 1).Value;
                    if (filtered is not null)
                    {
                        items.Add(filtered);
                    }
                }
                return items.Count == 0 ? (null, true) : (GoListSlice.Any([.. items]), true);
            }
            default:
                return (value, false);
        }
    }

    private static string OtelResourceAttributes(object? meshConfig, object? annotations, object? labels, string ns, object? containers)
    {
        bool semanticConventions = false;
        foreach (var provider in GoAccess.Items(GoAccess.Get(meshConfig, "GetExtensionProviders")))
        {
            var otel = GoAccess.Get(provider, "GetOpentelemetry");
            if (otel is null or GoNilPointer)
            {
                continue;
            }
            if (GoAccess.Get(otel, "GetServiceAttributeEnrichment") is var enrichment && IsSemanticConventions(enrichment))
            {
                semanticConventions = true;
                break;
            }
        }
        if (!semanticConventions)
        {
            return "";
        }
        var attributes = new List<string>();
        if (GoAccess.TryGetString(annotations, "resource.opentelemetry.io/service.namespace", out var serviceNamespace) && serviceNamespace.Length > 0)
        {
            attributes.Add("service.namespace=" + serviceNamespace);
        }
        else if (ns.Length > 0)
        {
            attributes.Add("service.namespace=" + ns);
        }
        int containerCount = GoAccess.Count(containers);
        if (GoAccess.TryGetString(annotations, "resource.opentelemetry.io/service.version", out var version) && version.Length > 0)
        {
            attributes.Add("service.version=" + version);
        }
        else if (GoAccess.TryGetString(labels, "app.kubernetes.io/version", out var labelVersion) && labelVersion.Length > 0)
        {
            attributes.Add("service.version=" + labelVersion);
        }
        else if (containerCount == 1)
        {
            var (tag, digest) = ParseImageTagDigest(GoAccess.String(GoAccess.Field(GoAccess.Items(containers).First(), "Image")));
            if (tag.Length > 0 && digest.Length > 0)
            {
                attributes.Add("service.version=" + tag + "@" + digest);
            }
            else if (digest.Length > 0)
            {
                attributes.Add("service.version=" + digest);
            }
            else if (tag.Length > 0)
            {
                attributes.Add("service.version=" + tag);
            }
        }
        if (GoAccess.TryGetString(annotations, "resource.opentelemetry.io/service.instance.id", out var instance) && instance.Length > 0)
        {
            attributes.Add("service.instance.id=" + instance);
        }
        else if (containerCount > 0)
        {
            attributes.Add("service.instance.id=" + ns + ".$(POD_NAME)." + GoAccess.String(GoAccess.Field(GoAccess.Items(containers).First(), "Name")));
        }
        return string.Join(',', attributes);
    }

    /// <summary><c>OTEL_SEMANTIC_CONVENTIONS</c> (= 1) of <c>ServiceAttributeEnrichment</c>, as an enum, its number or name.</summary>
    private static bool IsSemanticConventions(object? enrichment) => enrichment switch
    {
        GoEnum e => e.Number == 1,
        long l => l == 1,
        double d => d == 1,
        string s => s == "OTEL_SEMANTIC_CONVENTIONS",
        _ => false,
    };

    private static (string Tag, string Digest) ParseImageTagDigest(string image)
    {
        string digest = "";
        int at = image.IndexOf('@');
        if (at >= 0)
        {
            digest = image[(at + 1)..];
            image = image[..at];
        }
        int lastSlash = image.LastIndexOf('/');
        int lastColon = image.LastIndexOf(':');
        string tag = lastColon > lastSlash ? image[(lastColon + 1)..] : "";
        return (tag, digest);
    }
}
