using Injector.Templates.Values;

namespace Injector.Templates.Functions;

internal enum ParamKind
{
    /// <summary><c>interface {}</c>: anything.</summary>
    Any,

    /// <summary><c>reflect.Value</c>: the value as evaluated (Go's builtins: <c>eq</c>, <c>index</c>, <c>and</c>...).</summary>
    Raw,
    String,
    Int,
    Float64,
    Bool,

    /// <summary>A map type named by <see cref="ParamType.TypeName"/>.</summary>
    Map,

    /// <summary>A slice type named by <see cref="ParamType.TypeName"/>.</summary>
    Slice,

    /// <summary>A struct passed by value (<c>metav1.ObjectMeta</c>): a nil pointer cannot be dereferenced into it.</summary>
    Struct,

    /// <summary>A pointer to a struct (<c>*durationpb.Duration</c>): nil is allowed.</summary>
    PointerStruct,

    /// <summary><c>proto.Message</c>.</summary>
    Proto,
}

/// <summary>The Go type of a function parameter, as far as argument checking needs it.</summary>
internal sealed record ParamType(ParamKind Kind, string TypeName)
{
    public static ParamType Any { get; } = new(ParamKind.Any, GoTypeNames.Interface);
    public static ParamType Raw { get; } = new(ParamKind.Raw, "reflect.Value");
    public static ParamType String { get; } = new(ParamKind.String, GoTypeNames.String);
    public static ParamType Int { get; } = new(ParamKind.Int, GoTypeNames.Int);
    public static ParamType Float64 { get; } = new(ParamKind.Float64, GoTypeNames.Float64);
    public static ParamType Bool { get; } = new(ParamKind.Bool, GoTypeNames.Bool);
    public static ParamType AnyMap { get; } = new(ParamKind.Map, GoTypeNames.AnyMap);
    public static ParamType StringMap { get; } = new(ParamKind.Map, GoTypeNames.StringMap);
    public static ParamType Containers { get; } = new(ParamKind.Slice, "[]v1.Container");
    public static ParamType ObjectMeta { get; } = new(ParamKind.Struct, "v1.ObjectMeta");
    public static ParamType Duration { get; } = new(ParamKind.PointerStruct, "*durationpb.Duration");
    public static ParamType MeshConfig { get; } = new(ParamKind.PointerStruct, "*v1alpha1.MeshConfig");
    public static ParamType ProtoMessage { get; } = new(ParamKind.Proto, "protoreflect.ProtoMessage");

    /// <summary>Go's <c>canBeNil</c>: whether an untyped nil (or a missing value) converts to this type.</summary>
    public bool CanBeNil => Kind is ParamKind.Any or ParamKind.Raw or ParamKind.Map or ParamKind.Slice
        or ParamKind.PointerStruct or ParamKind.Proto;

    public override string ToString() => TypeName;
}
