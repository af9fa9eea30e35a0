using System.Text;

namespace Injector.Templates.Functions.Istio;

/// <summary>Go's <c>time.Duration.String</c> (<c>1h2m3.5s</c>, <c>1.5ms</c>, <c>0s</c>) and protobuf's
/// <c>Duration.AsDuration</c> (saturating).</summary>
internal static class GoDuration
{
    private const long Second = 1_000_000_000;

    public static long FromSecondsAndNanos(long seconds, long nanos)
    {
        long d = unchecked(seconds * Second);
        bool overflow = seconds != 0 && d / Second != seconds;
        d = unchecked(d + nanos);
        overflow = overflow || seconds < 0 && nanos < 0 && d > 0 || seconds > 0 && nanos > 0 && d < 0;
        if (overflow)
        {
            if (seconds < 0)
            {
                return long.MinValue;
            }
            if (seconds > 0)
            {
                return long.MaxValue;
            }
        }
        return d;
    }

    public static string Format(long duration)
    {
        var buffer = new char[32];
        int w = buffer.Length;
        ulong u = (ulong)duration;
        bool negative = duration < 0;
        if (negative)
        {
            u = unchecked(0 - u);
        }
        if (u < Second)
        {
            int precision;
            buffer[--w] = 's';
            w--;
            if (u == 0)
            {
                buffer[w] = '0';
                return new string(buffer, w, buffer.Length - w);
            }
            if (u < 1000)
            {
                precision = 0;
                buffer[w] = 'n';
            }
            else if (u < 1_000_000)
            {
                precision = 3;
                buffer[w] = 'µ';
            }
            else
            {
                precision = 6;
                buffer[w] = 'm';
            }
            (w, u) = FormatFraction(buffer, w, u, precision);
            w = FormatInteger(buffer, w, u);
        }
        else
        {
            buffer[--w] = 's';
            (w, u) = FormatFraction(buffer, w, u, 9);
            w = FormatInteger(buffer, w, u % 60);
            u /= 60;
            if (u > 0)
            {
                buffer[--w] = 'm';
                w = FormatInteger(buffer, w, u % 60);
                u /= 60;
                if (u > 0)
                {
                    buffer[--w] = 'h';
                    w = FormatInteger(buffer, w, u);
                }
            }
        }
        if (negative)
        {
            buffer[--w] = '-';
        }
        return new string(buffer, w, buffer.Length - w);
    }

    private static (int, ulong) FormatFraction(char[] buffer, int w, ulong v, int precision)
    {
        bool print = false;
        for (int i = 0; i < precision; i++)
        {
            ulong digit = v % 10;
            print = print || digit != 0;
            if (print)
            {
                buffer[--w] = (char)('0' + (int)digit);
            }
            v /= 10;
        }
        if (print)
        {
            buffer[--w] = '.';
        }
        return (w, v);
    }

    private static int FormatInteger(char[] buffer, int w, ulong v)
    {
        if (v == 0)
        {
            buffer[--w] = '0';
            return w;
        }
        while (v > 0)
        {
            buffer[--w] = (char)('0' + (int)(v % 10));
            v /= 10;
        }
        return w;
    }
}
