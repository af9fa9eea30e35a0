using System.Globalization;
using System.Text;
using Injector.Templates.Values;

namespace Injector.Kube.Views;

/// <summary>
/// <c>fmt</c>'s <c>%v</c> for a value inside a struct, slice or map (depth 1 and below): value-receiver
/// <c>String</c> methods are used (<c>metav1.Time</c>, <c>NamespacedName</c>), pointer-receiver ones are not
/// (<c>Quantity</c>, <c>IntOrString</c> print their fields). A non-nil pointer prints as an address in Go; a fixed
/// <c>0xc000000000</c> stands for it.
/// </summary>
internal static class GoFormat
{
    /// <summary>Stands for the address Go prints for a non-nil pointer.</summary>
    public const string Address = "0xc000000000";

    public static void AppendNested(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null:
                sb.Append("<nil>");
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case string s:
                sb.Append(s);
                break;
            case GoNilPointer:
                sb.Append("<nil>");
                break;
            case KubeStructView { TypeName: ['*', ..] }:
                sb.Append(Address);
                break;
            case KubeStructView { IsStringer: true } stringer:
                sb.Append(stringer.StringerText);
                break;
            case KubeStructView view:
                view.AppendStruct(sb);
                break;
            case QuantityView quantity:
                sb.Append(quantity.Quantity.FormatGoValue());
                break;
            case IntOrStringView intOrString:
                sb.Append(intOrString.StructText);
                break;
            case TimeView time:
                sb.Append(time.FormatValue());
                break;
            case GoSlice slice:
                sb.Append('[');
                for (var i = 0; i < slice.Count; i++)
                {
                    if (i > 0) sb.Append(' ');
                    AppendNested(sb, slice[i]);
                }
                sb.Append(']');
                break;
            case GoMap map:
                sb.Append("map[");
                var first = true;
                foreach (var (key, item) in map.SortedEntries)
                {
                    if (!first) sb.Append(' ');
                    first = false;
                    sb.Append(key).Append(':');
                    AppendNested(sb, item);
                }
                sb.Append(']');
                break;
            case GoStruct other:
                sb.Append(other.FormatValue());
                break;
            default:
                sb.Append(value);
                break;
        }
    }
}
