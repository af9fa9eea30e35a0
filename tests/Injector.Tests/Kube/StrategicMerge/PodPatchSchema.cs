using Injector.Kube.StrategicMerge;

namespace Injector.Tests.Kube.StrategicMerge;

/// <summary>
/// A hand-written <see cref="IPatchMetaLookup"/> for the Pod fields the strategic-merge tests use, with the json
/// names, <c>patchStrategy</c> and <c>patchMergeKey</c> tags of k8s.io/api v0.36.1 <c>core/v1</c> (and metav1's
/// <c>ObjectMeta</c>). It answers as apimachinery's <c>PatchMetaFromStruct</c> does: a pointer counts as what it points
/// to, names match exactly or else case-insensitively, and the same error texts. The Go oracle behind
/// tests/testdata/strategicmerge was given structs with exactly these tags.
/// </summary>
internal sealed class PodPatchSchema : IPatchMetaLookup
{
    private enum Kind
    {
        Struct,
        Map,
        Slice,
        Pointer,
        Scalar,
    }

    private readonly record struct Field(string Json, PodPatchSchema Type, string Strategy = "", string MergeKey = "");

    private readonly Kind _kind;
    private readonly string _goName;
    private readonly string _kindName;
    private PodPatchSchema? _element;
    private Field[] _fields = [];

    private PodPatchSchema(Kind kind, string goName, string kindName)
    {
        _kind = kind;
        _goName = goName;
        _kindName = kindName;
    }

    public string Name => _kindName;

    public IPatchMetaLookup LookupForStruct(string key, out PatchMeta meta)
    {
        var field = FindField(key);
        meta = new PatchMeta(field.Strategy, field.MergeKey);
        return field.Type;
    }

    public IPatchMetaLookup LookupForSlice(string key, out PatchMeta meta)
    {
        var field = FindField(key);
        meta = new PatchMeta(field.Strategy, field.MergeKey);
        var t = field.Type;
        switch (t._kind)
        {
            case Kind.Slice:
                if (t._element!._kind == Kind.Slice) throw new StrategicMergeException("unexpected slice of slice");
                return t._element;
            case Kind.Pointer:
                t = t._element!;
                return t._kind == Kind.Slice ? t._element! : t;
            default:
                throw new StrategicMergeException($"expected slice or array type, but got: {_kindName}");
        }
    }

    private Field FindField(string key)
    {
        var t = _kind == Kind.Pointer ? _element! : this;
        if (t._kind != Kind.Struct)
        {
            throw new StrategicMergeException($"merging an object in json but data type is not struct, instead is: {t._kindName}");
        }
        foreach (var f in t._fields)
        {
            if (f.Json == key) return f;
        }
        foreach (var f in t._fields)
        {
            if (string.Equals(f.Json, key, StringComparison.OrdinalIgnoreCase)) return f;
        }
        throw new StrategicMergeException($"unable to find api field in struct {t._goName} for the json field \"{key}\"");
    }

    private static PodPatchSchema Scalar(string kindName) => new(Kind.Scalar, kindName, kindName);
    private static PodPatchSchema Ptr(PodPatchSchema to) => new(Kind.Pointer, "", "ptr") { _element = to };
    private static PodPatchSchema SliceOf(PodPatchSchema of) => new(Kind.Slice, "", "slice") { _element = of };
    private static PodPatchSchema MapOf(PodPatchSchema of) => new(Kind.Map, "", "map") { _element = of };

    private static Field F(string json, PodPatchSchema type, string strategy = "", string mergeKey = "") => new(json, type, strategy, mergeKey);

    private static PodPatchSchema Struct(string goName, params Field[] fields) => new(Kind.Struct, goName, "struct") { _fields = fields };

    private static readonly PodPatchSchema String = Scalar("string");
    private static readonly PodPatchSchema Int32 = Scalar("int32");
    private static readonly PodPatchSchema Int64 = Scalar("int64");
    private static readonly PodPatchSchema Bool = Scalar("bool");
    private static readonly PodPatchSchema Any = Scalar("interface");
    private static readonly PodPatchSchema StringMap = MapOf(String);

    private static readonly PodPatchSchema FieldSelector = Struct("ObjectFieldSelector", F("apiVersion", String), F("fieldPath", String));

    private static readonly PodPatchSchema Container = Struct("Container",
        F("name", String),
        F("image", String),
        F("command", SliceOf(String)),
        F("args", SliceOf(String)),
        F("ports", SliceOf(Struct("ContainerPort", F("name", String), F("containerPort", Int32), F("protocol", String))), "merge", "containerPort"),
        F("env", SliceOf(Struct("EnvVar",
            F("name", String),
            F("value", String),
            F("valueFrom", Ptr(Struct("EnvVarSource", F("fieldRef", Ptr(FieldSelector))))))), "merge", "name"),
        F("resources", Struct("ResourceRequirements", F("limits", StringMap), F("requests", StringMap))),
        F("volumeMounts", SliceOf(Struct("VolumeMount",
            F("name", String), F("mountPath", String), F("subPath", String), F("readOnly", Bool))), "merge", "mountPath"),
        // Probe embeds ProbeHandler inline: its httpGet is a field of Probe in JSON.
        F("readinessProbe", Ptr(Struct("Probe",
            F("httpGet", Ptr(Struct("HTTPGetAction", F("path", String), F("port", Any)))),
            F("initialDelaySeconds", Int32)))),
        F("securityContext", Ptr(Struct("SecurityContext",
            F("capabilities", Ptr(Struct("Capabilities", F("add", SliceOf(String)), F("drop", SliceOf(String))))),
            F("runAsUser", Ptr(Int64)),
            F("privileged", Ptr(Bool))))));

    /// <summary><c>v1.Pod</c> (TypeMeta inline, so <c>kind</c> and <c>apiVersion</c> are its own fields).</summary>
    public static PodPatchSchema Pod { get; } = Struct("Pod",
        F("kind", String),
        F("apiVersion", String),
        F("metadata", Struct("ObjectMeta",
            F("name", String),
            F("namespace", String),
            F("labels", StringMap),
            F("annotations", StringMap),
            F("ownerReferences", SliceOf(Struct("OwnerReference", F("uid", String), F("name", String), F("kind", String))), "merge", "uid"),
            F("finalizers", SliceOf(String), "merge"))),
        F("spec", Struct("PodSpec",
            // Volume embeds VolumeSource inline.
            F("volumes", SliceOf(Struct("Volume",
                F("name", String),
                F("emptyDir", Ptr(Struct("EmptyDirVolumeSource", F("medium", String)))),
                F("configMap", Ptr(Struct("ConfigMapVolumeSource",
                    F("name", String),
                    F("items", SliceOf(Struct("KeyToPath", F("key", String), F("path", String))))))),
                F("downwardAPI", Ptr(Struct("DownwardAPIVolumeSource",
                    F("items", SliceOf(Struct("DownwardAPIVolumeFile", F("path", String), F("fieldRef", Ptr(FieldSelector)))))))))),
                "merge,retainKeys", "name"),
            F("initContainers", SliceOf(Container), "merge", "name"),
            F("containers", SliceOf(Container), "merge", "name"),
            F("nodeSelector", StringMap),
            F("securityContext", Ptr(Struct("PodSecurityContext", F("runAsUser", Ptr(Int64)), F("supplementalGroups", SliceOf(Int64))))),
            F("imagePullSecrets", SliceOf(Struct("LocalObjectReference", F("name", String))), "merge", "name"),
            F("hostAliases", SliceOf(Struct("HostAlias", F("ip", String), F("hostnames", SliceOf(String)))), "merge", "ip"),
            F("tolerations", SliceOf(Struct("Toleration", F("key", String), F("operator", String)))),
            F("dnsConfig", Ptr(Struct("PodDNSConfig", F("nameservers", SliceOf(String)), F("searches", SliceOf(String))))))),
        F("status", Struct("PodStatus", F("phase", String))));
}
