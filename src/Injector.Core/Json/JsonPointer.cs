namespace Injector.Json;

/// <summary>RFC 6901 JSON-Pointer tokens: '~' becomes "~0" and '/' becomes "~1" (annotation keys contain '/').</summary>
internal static class JsonPointer
{
    /// <summary>Length of <paramref name="token"/> once escaped.</summary>
    public static int EscapedLength(ReadOnlySpan<char> token)
    {
        var length = token.Length;
        foreach (var c in token)
        {
            if (c is '~' or '/') length++;
        }
        return length;
    }

    /// <summary>Writes the escaped token into <paramref name="destination"/>; returns the chars written.</summary>
    public static int Escape(ReadOnlySpan<char> token, Span<char> destination)
    {
        var i = 0;
        foreach (var c in token)
        {
            switch (c)
            {
                case '~': destination[i++] = '~'; destination[i++] = '0'; break;
                case '/': destination[i++] = '~'; destination[i++] = '1'; break;
                default: destination[i++] = c; break;
            }
        }
        return i;
    }

    /// <summary>Convenience for tests and cold paths: the escaped token as a string.</summary>
    public static string Escape(string token)
    {
        Span<char> buffer = token.Length <= 128 ? stackalloc char[256] : new char[token.Length * 2];
        return new string(buffer[..Escape(token, buffer)]);
    }
}
