using Injector.Kube.Json;

namespace Injector.Kube.Quantities;

/// <summary>The suffixes of <c>resource.Quantity</c>: what each means when read, and which one a canonical value
/// gets when written.</summary>
internal static class QuantitySuffixes
{
    /// <summary>Base (10 or 2), exponent and format of a suffix; false for an unknown suffix.</summary>
    public static bool TryInterpret(string suffix, out int numberBase, out int exponent, out QuantityFormat format)
    {
        numberBase = 10;
        format = QuantityFormat.DecimalSI;
        switch (suffix)
        {
            case "": exponent = 0; return true;
            case "n": exponent = -9; return true;
            case "u": exponent = -6; return true;
            case "m": exponent = -3; return true;
            case "k": exponent = 3; return true;
            case "M": exponent = 6; return true;
            case "G": exponent = 9; return true;
            case "T": exponent = 12; return true;
            case "P": exponent = 15; return true;
            case "E": exponent = 18; return true;
        }
        numberBase = 2;
        format = QuantityFormat.BinarySI;
        switch (suffix)
        {
            case "Ki": exponent = 10; return true;
            case "Mi": exponent = 20; return true;
            case "Gi": exponent = 30; return true;
            case "Ti": exponent = 40; return true;
            case "Pi": exponent = 50; return true;
            case "Ei": exponent = 60; return true;
        }
        numberBase = 10;
        format = QuantityFormat.DecimalExponent;
        exponent = 0;
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E' && GoStrconv.TryParseInt64(suffix.AsSpan(1), 10, out var parsed))
        {
            exponent = unchecked((int)parsed); // Go converts with int32(parsed), keeping the low 32 bits
            return true;
        }
        return false;
    }

    /// <summary>
    /// The suffix a canonical value is written with. A decimal exponent outside n..E (or a binary one outside
    /// Ki..Ei) has no suffix in its format, and the value is then written with none at all: apimachinery ignores the
    /// failed lookup, so <c>1000E</c> comes out as <c>1</c>.
    /// </summary>
    public static string Construct(int numberBase, int exponent, QuantityFormat format)
    {
        switch (format)
        {
            case QuantityFormat.DecimalSI:
                if (numberBase != 10) return "";
                return exponent switch
                {
                    -9 => "n", -6 => "u", -3 => "m", 0 => "", 3 => "k", 6 => "M", 9 => "G", 12 => "T", 15 => "P", 18 => "E",
                    _ => "",
                };
            case QuantityFormat.BinarySI:
                if (numberBase != 2) return "";
                return exponent switch
                {
                    10 => "Ki", 20 => "Mi", 30 => "Gi", 40 => "Ti", 50 => "Pi", 60 => "Ei",
                    _ => "",
                };
            default:
                if (numberBase != 10 || exponent == 0) return "";
                return "e" + exponent.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
