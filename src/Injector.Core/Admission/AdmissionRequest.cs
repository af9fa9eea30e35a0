using Injector.Json;
using System.Text.Json;

namespace Injector.Admission;

/// <summary>
/// What the webhook keeps of one AdmissionReview request: only the fields a decision needs. <see cref="Object"/>
/// points into the parsed document and is valid only while that document is alive.
/// </summary>
public readonly struct AdmissionRequest
{
    public AdmissionRequest(AdmissionApiVersion apiVersion, string uid, string group, string kind, string operation,
        string? @namespace, bool dryRun, JsonTreeElement @object)
    {
        ApiVersion = apiVersion;
        Uid = uid;
        Group = group;
        Kind = kind;
        Operation = operation;
        Namespace = @namespace;
        DryRun = dryRun;
        Object = @object;
    }

    public AdmissionApiVersion ApiVersion { get; }
    public string Uid { get; }
    /// <summary><c>request.kind.group</c> ("" for core).</summary>
    public string Group { get; }
    /// <summary><c>request.kind.kind</c>, e.g. <c>Pod</c>.</summary>
    public string Kind { get; }
    public string Operation { get; }
    public string? Namespace { get; }
    public bool DryRun { get; }
    public JsonTreeElement Object { get; }

    /// <summary>The pod's namespace as Istio's webhook takes it: the pod's own, else the request's ("" when neither).</summary>
    public string PodNamespace => EffectiveNamespace(Object, Namespace);

    /// <summary><see cref="PodNamespace"/> for a pod element and the request's namespace.</summary>
    public static string EffectiveNamespace(JsonTreeElement pod, string? requestNamespace)
    {
        if (pod.ValueKind == JsonValueKind.Object && pod.TryGetProperty("metadata"u8, out var metadata)
            && metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("namespace"u8, out var ns)
            && ns.ValueKind == JsonValueKind.String && ns.GetString() is { Length: > 0 } own)
        {
            return own;
        }
        return requestNamespace ?? "";
    }

    /// <summary>Only a core-group Pod CREATE is a candidate for injection; anything else is allowed untouched.</summary>
    public bool IsPodCreate => Group.Length == 0 && Kind == "Pod" && Operation == "CREATE";
}
