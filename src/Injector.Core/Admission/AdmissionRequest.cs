using System.Text.Json;

namespace Injector.Admission;

/// <summary>
/// What the webhook keeps of one AdmissionReview request: only the fields a decision needs. <see cref="Object"/>
/// points into the parsed document and is valid only while that document is alive.
/// </summary>
public readonly struct AdmissionRequest
{
    public AdmissionRequest(AdmissionApiVersion apiVersion, string uid, string group, string kind, string operation,
        string? @namespace, bool dryRun, JsonElement @object)
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
    public JsonElement Object { get; }

    /// <summary>Only a core-group Pod CREATE is a candidate for injection; anything else is allowed untouched.</summary>
    public bool IsPodCreate => Group.Length == 0 && Kind == "Pod" && Operation == "CREATE";
}
