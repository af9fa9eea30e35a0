namespace Injector.Workloads;

/// <summary>
/// RFC 6901 JSON Pointer parsing: <c>/a/b~1c/0</c> → [a, b/c, 0] (<c>~1</c> is '/', <c>~0</c> is '~').
/// Escaping, for the request path, is <see cref="Json.JsonPointer"/>.
/// </summary>
internal static class JsonPointerParser
{
    public static string[] Parse(string pointer)
    {
        if (pointer.Length == 0) return [];
        if (pointer[0] != '/') throw new InvalidDataException($"JSON Pointer '{pointer}' must be empty or start with '/'");
        var segments = pointer[1..].Split('/');
        for (var i = 0; i < segments.Length; i++) segments[i] = Unescape(segments[i], pointer);
        return segments;
    }

    private static string Unescape(string segment, string pointer)
    {
        if (!segment.Contains('~')) return segment;
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '~' && (i + 1 == segment.Length || segment[i + 1] is not ('0' or '1')))
            {
                throw new InvalidDataException($"JSON Pointer '{pointer}' has '~' not followed by 0 or 1");
            }
        }
        // ~1 first, so "~01" becomes "~1" and not "/".
        return segment.Replace("~1", "/").Replace("~0", "~");
    }
}
