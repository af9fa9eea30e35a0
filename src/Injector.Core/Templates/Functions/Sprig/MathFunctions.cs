using System.Text;
using Injector.Templates.Execution;
using Injector.Templates.Values;

namespace Injector.Templates.Functions.Sprig;

/// <summary>Sprig's conversion and arithmetic (numeric.go, functions.go): integer math in int64 through cast, float
/// math through shopspring/decimal, sequences.</summary>
internal static class MathFunctions
{
    public static void Register(FunctionRegistry r)
    {
        r.Add("atoi", static (_, a) => Slot.Of(GoCast.Atoi((string)a[0].Value!, out long v) ? v : 0L), ParamType.String);
        r.Add("int64", static (_, a) => Slot.Of(GoCast.ToInt64(a[0].Value)), ParamType.Any);
        r.Add("int", static (_, a) => Slot.Of(GoCast.ToInt64(a[0].Value)), ParamType.Any);
        r.Add("float64", static (_, a) => Slot.Of(GoCast.ToFloat64(a[0].Value)), ParamType.Any);
        r.Add("toDecimal", static (e, a) => Slot.Of(GoCast.ParseInt(e.Sprint(a[0].Value), 8, out long v) ? v : 0L), ParamType.Any);
        r.Add("toStrings", static (e, a) => Slot.Of(GoListSlice.Strings(StringFunctions.StringSlice(e, a[0].Value))), ParamType.Any);

        r.AddVariadic("seq", static (e, a) => Slot.Of(Seq(e, a)), ParamType.Int);
        r.Add("until", static (e, a) => Slot.Of(Until(e, (long)a[0].Value!)), ParamType.Int);
        r.Add("untilStep", static (e, a) => Slot.Of(Ints(UntilStep(e, (long)a[0].Value!, (long)a[1].Value!, (long)a[2].Value!))), ParamType.Int, ParamType.Int, ParamType.Int);

        r.Add("add1", static (_, a) => Slot.Of(unchecked(GoCast.ToInt64(a[0].Value) + 1)), ParamType.Any);
        r.AddVariadic("add", static (_, a) => Slot.Of(Sum(a)), ParamType.Any);
        r.Add("sub", static (_, a) => Slot.Of(unchecked(GoCast.ToInt64(a[0].Value) - GoCast.ToInt64(a[1].Value))), ParamType.Any, ParamType.Any);
        r.Add("div", static (_, a) => Slot.Of(Divide(GoCast.ToInt64(a[0].Value), GoCast.ToInt64(a[1].Value))), ParamType.Any, ParamType.Any);
        r.Add("mod", static (_, a) => Slot.Of(Modulo(GoCast.ToInt64(a[0].Value), GoCast.ToInt64(a[1].Value))), ParamType.Any, ParamType.Any);
        r.AddVariadic("mul", static (_, a) => Slot.Of(Product(a)), ParamType.Any, ParamType.Any);
        r.AddVariadic("biggest", static (_, a) => Slot.Of(Max(a)), ParamType.Any, ParamType.Any);
        r.AddVariadic("max", static (_, a) => Slot.Of(Max(a)), ParamType.Any, ParamType.Any);
        r.AddVariadic("min", static (_, a) => Slot.Of(Min(a)), ParamType.Any, ParamType.Any);
        r.AddVariadic("maxf", static (_, a) => Slot.Of(MaxF(a)), ParamType.Any, ParamType.Any);
        r.AddVariadic("minf", static (_, a) => Slot.Of(MinF(a)), ParamType.Any, ParamType.Any);
        r.Add("floor", static (_, a) => Slot.Of(Math.Floor(GoCast.ToFloat64(a[0].Value))), ParamType.Any);
        r.Add("ceil", static (_, a) => Slot.Of(Math.Ceiling(GoCast.ToFloat64(a[0].Value))), ParamType.Any);
        r.AddVariadic("round", static (_, a) => Slot.Of(Round(a)), ParamType.Float64, ParamType.Any, ParamType.Int);

        r.Add("add1f", static (_, a) => Slot.Of(GoDecimal.Operate(a[0].Value, [1L], GoDecimal.Add)), ParamType.Any);
        r.AddVariadic("addf", static (_, a) => Slot.Of(GoDecimal.Operate(0.0, Values(a), GoDecimal.Add)), ParamType.Any);
        r.AddVariadic("subf", static (_, a) => Slot.Of(GoDecimal.Operate(a[0].Value, Values(a[1..]), GoDecimal.Subtract)), ParamType.Any, ParamType.Any);
        r.AddVariadic("divf", static (_, a) => Slot.Of(GoDecimal.Operate(a[0].Value, Values(a[1..]), GoDecimal.Divide)), ParamType.Any, ParamType.Any);
        r.AddVariadic("mulf", static (_, a) => Slot.Of(GoDecimal.Operate(a[0].Value, Values(a[1..]), GoDecimal.Multiply)), ParamType.Any, ParamType.Any);
    }

    private static object?[] Values(ReadOnlySpan<Slot> args)
    {
        var values = new object?[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            values[i] = args[i].Value;
        }
        return values;
    }

    private static long Sum(ReadOnlySpan<Slot> args)
    {
        long sum = 0;
        foreach (var arg in args)
        {
            sum = unchecked(sum + GoCast.ToInt64(arg.Value));
        }
        return sum;
    }

    private static long Product(ReadOnlySpan<Slot> args)
    {
        long product = GoCast.ToInt64(args[0].Value);
        foreach (var arg in args[1..])
        {
            product = unchecked(product * GoCast.ToInt64(arg.Value));
        }
        return product;
    }

    /// <summary>Go's integer division: a panic on zero, and MinInt64 / -1 wraps to MinInt64.</summary>
    private static long Divide(long a, long b)
    {
        if (b == 0)
        {
            throw new GoCallException("runtime error: integer divide by zero");
        }
        return b == -1 ? unchecked(-a) : a / b;
    }

    private static long Modulo(long a, long b)
    {
        if (b == 0)
        {
            throw new GoCallException("runtime error: integer divide by zero");
        }
        return b == -1 ? 0 : a % b;
    }

    private static long Max(ReadOnlySpan<Slot> args)
    {
        long max = GoCast.ToInt64(args[0].Value);
        foreach (var arg in args[1..])
        {
            max = Math.Max(max, GoCast.ToInt64(arg.Value));
        }
        return max;
    }

    private static long Min(ReadOnlySpan<Slot> args)
    {
        long min = GoCast.ToInt64(args[0].Value);
        foreach (var arg in args[1..])
        {
            min = Math.Min(min, GoCast.ToInt64(arg.Value));
        }
        return min;
    }

    private static double MaxF(ReadOnlySpan<Slot> args)
    {
        double max = GoCast.ToFloat64(args[0].Value);
        foreach (var arg in args[1..])
        {
            max = GoMathMax(max, GoCast.ToFloat64(arg.Value));
        }
        return max;
    }

    private static double MinF(ReadOnlySpan<Slot> args)
    {
        double min = GoCast.ToFloat64(args[0].Value);
        foreach (var arg in args[1..])
        {
            min = GoMathMin(min, GoCast.ToFloat64(arg.Value));
        }
        return min;
    }

    /// <summary><c>math.Max</c>: +Inf wins over NaN, NaN over the rest, +0 over -0.</summary>
    private static double GoMathMax(double x, double y)
    {
        if (double.IsPositiveInfinity(x) || double.IsPositiveInfinity(y))
        {
            return double.PositiveInfinity;
        }
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return double.NaN;
        }
        if (x == 0 && x == y)
        {
            return double.IsNegative(x) ? y : x;
        }
        return x > y ? x : y;
    }

    private static double GoMathMin(double x, double y)
    {
        if (double.IsNegativeInfinity(x) || double.IsNegativeInfinity(y))
        {
            return double.NegativeInfinity;
        }
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return double.NaN;
        }
        if (x == 0 && x == y)
        {
            return double.IsNegative(x) ? x : y;
        }
        return x < y ? x : y;
    }

    private static double Round(ReadOnlySpan<Slot> args)
    {
        double roundOn = args.Length > 2 ? (double)args[2].Value! : 0.5;
        double value = GoCast.ToFloat64(args[0].Value);
        double places = (long)args[1].Value!;
        double pow = Math.Pow(10, places);
        double digit = pow * value;
        double fraction = digit - Math.Truncate(digit);
        if (double.IsInfinity(digit))
        {
            fraction = 0;
        }
        double rounded = fraction >= roundOn ? Math.Ceiling(digit) : Math.Floor(digit);
        return rounded / pow;
    }

    private static List<long> UntilStep(TemplateExecution execution, long start, long stop, long step)
    {
        var values = new List<long>();
        if (stop < start)
        {
            if (step >= 0)
            {
                return values;
            }
            execution.ChargeElements(Count(start, stop, step));
            for (long i = start; i > stop; i = Advance(execution, i, step))
            {
                values.Add(i);
            }
            return values;
        }
        if (step <= 0)
        {
            return values;
        }
        execution.ChargeElements(Count(start, stop, step));
        for (long i = start; i < stop; i = Advance(execution, i, step))
        {
            values.Add(i);
        }
        return values;
    }

    /// <summary>Go's loop counter wraps around on overflow and never ends; here that ends the execution.</summary>
    private static long Advance(TemplateExecution execution, long i, long step)
    {
        long next = unchecked(i + step);
        if (step > 0 ? next < i : next > i)
        {
            execution.ChargeWork(long.MaxValue / 2);
        }
        return next;
    }

    private static long Count(long start, long stop, long step)
    {
        var span = System.Numerics.BigInteger.Abs((System.Numerics.BigInteger)stop - start);
        var count = (span + System.Numerics.BigInteger.Abs(step) - 1) / System.Numerics.BigInteger.Abs(step);
        return count > long.MaxValue / 2 ? long.MaxValue / 2 : (long)count;
    }

    private static GoListSlice Until(TemplateExecution execution, long count) =>
        Ints(UntilStep(execution, 0, count, count < 0 ? -1 : 1));

    private static GoListSlice Ints(List<long> values)
    {
        var items = new object?[values.Count];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = values[i];
        }
        return GoListSlice.Of(GoTypeNames.IntSlice, items);
    }

    private static string Seq(TemplateExecution execution, ReadOnlySpan<Slot> args)
    {
        List<long> values;
        switch (args.Length)
        {
            case 0:
                return "";
            case 1:
            {
                long end = (long)args[0].Value!;
                long increment = end < 1 ? -1 : 1;
                values = UntilStep(execution, 1, end + increment, increment);
                break;
            }
            case 2:
            {
                long start = (long)args[0].Value!, end = (long)args[1].Value!;
                long step = end < start ? -1 : 1;
                values = UntilStep(execution, start, end + step, step);
                break;
            }
            case 3:
            {
                long start = (long)args[0].Value!, step = (long)args[1].Value!, end = (long)args[2].Value!;
                long increment = 1;
                if (end < start)
                {
                    increment = -1;
                    if (step > 0)
                    {
                        return "";
                    }
                }
                values = UntilStep(execution, start, end + increment, step);
                break;
            }
            default:
                return "";
        }
        var builder = new StringBuilder();
        foreach (long value in values)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }
            builder.Append(GoCast.FormatInt(value));
        }
        execution.ChargeWork(builder.Length);
        return builder.ToString();
    }
}
