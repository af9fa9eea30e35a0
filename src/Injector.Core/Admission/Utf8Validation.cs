using System.Buffers;
using System.Text.Unicode;

namespace Injector.Admission;

/// <summary>
/// Checks that a body is well-formed UTF-8. Why: <see cref="System.Text.Json.JsonDocument"/> validates string
/// contents only when they are read, so a bad byte in a pod field would otherwise throw deep inside the engine.
/// One vectorized pass; sequences split across segments are joined in a small carry buffer.
/// </summary>
public static class Utf8Validation
{
    public static bool IsValid(in ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment) return Utf8.IsValid(body.FirstSpan);

        Span<byte> carry = stackalloc byte[4];
        var carried = 0;
        foreach (var memory in body)
        {
            var span = memory.Span;
            if (carried > 0)
            {
                var needed = SequenceLength(carry[0]) - carried;
                var take = Math.Min(needed, span.Length);
                span[..take].CopyTo(carry[carried..]);
                carried += take;
                span = span[take..];
                if (take < needed) continue;
                if (!Utf8.IsValid(carry[..carried])) return false;
                carried = 0;
            }
            var tail = IncompleteTailLength(span);
            if (!Utf8.IsValid(span[..^tail])) return false;
            span[^tail..].CopyTo(carry);
            carried = tail;
        }
        return carried == 0;
    }

    /// <summary>Bytes at the end that start a multi-byte sequence not finished within this span.</summary>
    private static int IncompleteTailLength(ReadOnlySpan<byte> span)
    {
        for (var back = 1; back <= 3 && back <= span.Length; back++)
        {
            var b = span[^back];
            if ((b & 0xC0) == 0x80) continue; // continuation byte: keep looking for the lead byte
            var length = SequenceLength(b);
            return length > back ? back : 0;
        }
        return 0;
    }

    /// <summary>Length announced by a lead byte; 0 for bytes that can never lead (validation then fails).</summary>
    private static int SequenceLength(byte lead) => lead switch
    {
        < 0x80 => 1,
        >= 0xC2 and <= 0xDF => 2,
        >= 0xE0 and <= 0xEF => 3,
        >= 0xF0 and <= 0xF4 => 4,
        _ => 0,
    };
}
