using Injector.Kube.Schema;

namespace Injector.Kube.Normalization;

/// <summary>
/// A Go struct value while a pod is decoded: one slot per JSON field of its type (<see cref="KubeType.JsonFields"/>).
/// A slot holds the field's value in the decoder's model, or null for the Go zero value (for a pointer, slice or
/// map: nil). Model by kind: bool, long, ulong, double, string, <see cref="DecodedStruct"/>,
/// <c>List&lt;object?&gt;</c>, <c>Dictionary&lt;string, object?&gt;</c>, <see cref="Quantities.Quantity"/>,
/// <see cref="IntOrStringValue"/>, <see cref="GoTime"/>, the input's own <c>JsonNode</c> for raw JSON (never changed); a non-nil pointer holds
/// its target's value (never null).
/// </summary>
internal sealed class DecodedStruct(KubeType type)
{
    public KubeType Type { get; } = type;

    public object?[] Slots { get; } = new object?[type.JsonFields.Count];
}

/// <summary><c>intstr.IntOrString</c>: which one it holds, and both members (JSON decoding sets one and leaves the
/// other, as Go does).</summary>
internal readonly record struct IntOrStringValue(bool IsString, int IntVal, string StrVal)
{
    public static IntOrStringValue Zero { get; } = new(false, 0, "");
}
