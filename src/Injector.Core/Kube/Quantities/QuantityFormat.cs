namespace Injector.Kube.Quantities;

/// <summary>The suffix family a quantity was written with, kept for its canonical form (apimachinery's
/// <c>resource.Format</c>).</summary>
internal enum QuantityFormat
{
    /// <summary><c>12e6</c>.</summary>
    DecimalExponent,
    /// <summary><c>12Mi</c> (powers of 1024).</summary>
    BinarySI,
    /// <summary><c>12M</c>, <c>500m</c>, plain numbers.</summary>
    DecimalSI,
}
