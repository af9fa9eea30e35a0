namespace Injector.Http;

/// <summary>
/// Parses Go's <c>time.Duration</c> text (<c>10s</c>, <c>1m30s</c>, <c>1.5s</c>, <c>250ms</c>), the form
/// kube-apiserver uses for the <c>?timeout=</c> query parameter.
/// </summary>
internal static class GoDuration
{
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan value)
    {
        value = default;
        if (text.IsEmpty) return false;
        if (text is "0")
        {
            return true;
        }
        double totalSeconds = 0;
        while (!text.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < text.Length && (char.IsAsciiDigit(text[numberLength]) || text[numberLength] == '.')) numberLength++;
            if (numberLength == 0 || !double.TryParse(text[..numberLength], System.Globalization.NumberStyles.AllowDecimalPoint,
                    System.Globalization.CultureInfo.InvariantCulture, out var number)) return false;
            text = text[numberLength..];
            var unitLength = 0;
            while (unitLength < text.Length && !char.IsAsciiDigit(text[unitLength]) && text[unitLength] != '.') unitLength++;
            var scale = UnitSeconds(text[..unitLength]);
            if (scale == 0) return false;
            totalSeconds += number * scale;
            text = text[unitLength..];
        }
        if (totalSeconds > TimeSpan.MaxValue.TotalSeconds / 2) return false;
        value = TimeSpan.FromSeconds(totalSeconds);
        return true;
    }

    private static double UnitSeconds(ReadOnlySpan<char> unit) => unit switch
    {
        "h" => 3600,
        "m" => 60,
        "s" => 1,
        "ms" => 1e-3,
        "us" or "µs" or "μs" => 1e-6,
        "ns" => 1e-9,
        _ => 0,
    };
}
