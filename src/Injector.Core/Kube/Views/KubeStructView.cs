using GoJson = Injector.Kube.Json.GoJson;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Normalization;
using Injector.Kube.Schema;
using Injector.Templates.Values;

namespace Injector.Kube.Views;

/// <summary>
/// A Kubernetes struct (or a non-nil pointer to one) over its normalized JSON object. Fields by Go name, promoted
/// ones included (<c>.HTTPGet</c> on a probe, <c>.Name</c> on a pod); an embedded inline struct is a view over the
/// same object. <c>metav1.ObjectMeta</c>'s <c>GetX</c> getters and <c>NamespacedName.String</c> are methods.
/// </summary>
internal sealed class KubeStructView : GoStruct
{
    private readonly KubeType _type;
    private readonly JsonObject? _object;
    private readonly bool _pointer;
    // Views are made per render over that request's pod (PodInjector), so this memo lives and dies with the request.
    private Dictionary<string, object?>? _fields;

    public KubeStructView(KubeType type, JsonObject? obj, bool pointer)
    {
        _type = type;
        _object = obj;
        _pointer = pointer;
    }

    public override string TypeName => _pointer ? "*" + _type.GoName : _type.GoName;

    /// <summary>The Go type (without the pointer).</summary>
    public KubeType Type => _type;

    /// <summary>The JSON object the view reads (null for an absent struct: all fields zero).</summary>
    public JsonObject? Json => _object;

    public override bool TryGetField(string name, out object? value)
    {
        if (_fields is not null && _fields.TryGetValue(name, out value)) return true;
        if (!_type.TryGetGoField(name, out var path))
        {
            value = null;
            return false;
        }
        value = Resolve(path);
        (_fields ??= new Dictionary<string, object?>(StringComparer.Ordinal))[name] = value;
        return true;
    }

    private object? Resolve(KubeField[] path)
    {
        var current = _object;
        for (var i = 0; i < path.Length - 1; i++)
        {
            // An embedded struct: inline ones share the object, named ones (Pod.ObjectMeta) are a member.
            if (!path[i].Inline) current = current?[path[i].JsonName!] as JsonObject;
        }
        var field = path[^1];
        if (field.Inline) return new KubeStructView(field.Type, current, pointer: false);
        return KubeViews.From(current?[field.JsonName!], field.Type, addressable: true);
    }

    public override bool TryGetMethod(string name, out GoMethod? method)
    {
        method = null;
        if (_type == KubeSchema.NamespacedName && name == "String")
        {
            method = args => NoArguments(name, args, NamespacedNameText());
            return true;
        }
        // metav1.ObjectMeta's getters (GetName, GetLabels, ...) read its fields; a type embedding ObjectMeta
        // (the pod) has them promoted.
        if (name.Length > 3 && name.StartsWith("Get", StringComparison.Ordinal) && HasObjectMeta()
            && KubeSchema.ObjectMeta.TryGetGoField(name[3..], out var path) && path.Length == 1)
        {
            var metadata = _type == KubeSchema.ObjectMeta ? this : (KubeStructView)Field("ObjectMeta")!;
            var field = path[0].GoName;
            method = args => NoArguments(name, args, metadata.Field(field));
            return true;
        }
        return false;
    }

    private bool HasObjectMeta() =>
        _type == KubeSchema.ObjectMeta || (_type.TryGetGoField("ObjectMeta", out var p) && p[^1].Type == KubeSchema.ObjectMeta);

    private object? Field(string name) => TryGetField(name, out var value) ? value : null;

    private static object? NoArguments(string name, ReadOnlySpan<object?> args, object? result) =>
        args.Length == 0 ? result : throw new GoCallException($"wrong number of args for {name}: want 0 got {args.Length}");

    /// <summary>The value as <c>encoding/json</c> writes it: the struct's own fields only (an embedded view does not
    /// write its neighbours), zero fields as Go writes zero values.</summary>
    public override void WriteJson(Utf8JsonWriter writer) => GoJson.WriteTo(writer, ToJson());

    /// <summary>The Go encoding as a tree.</summary>
    public JsonNode ToJson() => PodNormalizer.Normalize(_object, _type)!;

    /// <summary>
    /// What a template action <c>{{ . }}</c> prints: text/template looks through the pointer, so a pointer view prints
    /// like its struct; a type with a <c>String</c> method (<c>NamespacedName</c>) prints that; otherwise <c>fmt</c>'s
    /// <c>{field field ...}</c> over the declared Go fields.
    /// </summary>
    public override string FormatValue()
    {
        if (_type == KubeSchema.NamespacedName) return NamespacedNameText();
        var sb = new StringBuilder();
        AppendStruct(sb);
        return sb.ToString();
    }

    internal void AppendStruct(StringBuilder sb)
    {
        sb.Append('{');
        for (var i = 0; i < _type.Fields.Count; i++)
        {
            if (i > 0) sb.Append(' ');
            var field = _type.Fields[i];
            var value = Field(field.GoName);
            // fmt prints a non-nil pointer inside a struct as its address (even to a scalar, which the model unwraps).
            if (field.Type.Kind == KubeKind.Pointer && value is not GoNilPointer) sb.Append(GoFormat.Address);
            else GoFormat.AppendNested(sb, value);
        }
        sb.Append('}');
    }

    private string NamespacedNameText() => $"{Field("Namespace")}/{Field("Name")}";

    internal bool IsStringer => _type == KubeSchema.NamespacedName;

    internal string StringerText => NamespacedNameText();
}
