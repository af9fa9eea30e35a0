namespace Injector.Kube.Schema;

/// <summary>How a Go type is represented in JSON by <c>encoding/json</c> (and by the Kubernetes types' own
/// <c>MarshalJSON</c>/<c>UnmarshalJSON</c> methods for the last four).</summary>
internal enum KubeKind
{
    Bool,
    /// <summary>Signed integer (<c>int</c>, <c>int32</c>, <c>int64</c>, ...); <see cref="KubeType.Bits"/> says which.</summary>
    Int,
    /// <summary>Unsigned integer (<c>uint8</c>, <c>uint32</c>, ...).</summary>
    Uint,
    /// <summary><c>float32</c> or <c>float64</c>.</summary>
    Float,
    /// <summary>Every string kind, named or not (<c>string</c>, <c>v1.Protocol</c>, <c>types.UID</c>).</summary>
    String,
    Struct,
    Pointer,
    Slice,
    /// <summary>A map with string-kind keys (<c>map[string]string</c>, <c>v1.ResourceList</c>).</summary>
    Map,
    /// <summary><c>resource.Quantity</c>: a string (or a bare number) in, its canonical string out.</summary>
    Quantity,
    /// <summary><c>intstr.IntOrString</c>: a JSON string or a JSON int32.</summary>
    IntOrString,
    /// <summary><c>metav1.Time</c>: RFC 3339 in, UTC seconds out, <c>null</c> for the zero time.</summary>
    Time,
    /// <summary><c>metav1.FieldsV1</c>: any JSON value kept as written.</summary>
    RawJson,
}
