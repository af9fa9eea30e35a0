namespace Injector.Http;

/// <summary>Accepts <c>application/json</c> with any parameters (e.g. <c>; charset=utf-8</c>), case-insensitively.</summary>
internal static class ContentTypeCheck
{
    public static bool IsJson(string? contentType)
    {
        if (contentType is null) return false;
        var value = contentType.AsSpan();
        var semicolon = value.IndexOf(';');
        if (semicolon >= 0) value = value[..semicolon];
        return value.Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }
}
