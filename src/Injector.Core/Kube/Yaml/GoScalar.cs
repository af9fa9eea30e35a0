namespace Injector.Kube.Yaml;

/// <summary>The Go type go-yaml v2 gives a scalar decoded into <c>interface{}</c>.</summary>
internal enum GoScalarKind
{
    Null,
    Bool,
    /// <summary><c>int</c> (64-bit on every platform Istio ships).</summary>
    Int,
    /// <summary><c>uint64</c>: integers above <c>int64</c>'s range that still fit 64 bits.</summary>
    Uint,
    Float,
    String,
}

/// <summary>One resolved scalar value.</summary>
internal readonly struct GoScalar
{
    private GoScalar(GoScalarKind kind, long integer = 0, ulong unsigned = 0, double number = 0, string? text = null)
    {
        Kind = kind;
        Int = integer;
        Uint = unsigned;
        Float = number;
        Text = text;
    }

    public GoScalarKind Kind { get; }
    public long Int { get; }
    public ulong Uint { get; }
    public double Float { get; }
    public string? Text { get; }
    public bool Bool => Int != 0;

    public static GoScalar Null { get; } = new(GoScalarKind.Null);
    public static GoScalar True { get; } = new(GoScalarKind.Bool, 1);
    public static GoScalar False { get; } = new(GoScalarKind.Bool, 0);
    public static GoScalar OfInt(long value) => new(GoScalarKind.Int, value);
    public static GoScalar OfUint(ulong value) => new(GoScalarKind.Uint, unsigned: value);
    public static GoScalar OfFloat(double value) => new(GoScalarKind.Float, number: value);
    public static GoScalar OfString(string value) => new(GoScalarKind.String, text: value);
}
