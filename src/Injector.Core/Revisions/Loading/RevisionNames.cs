namespace Injector.Revisions.Loading;

/// <summary>
/// Revision names end up in labels (<c>istio.io/rev</c>), webhook names and URLs, so they must be DNS labels
/// (RFC 1123: lower-case alphanumerics and '-', starting and ending alphanumeric, at most 63 characters).
/// </summary>
internal static class RevisionNames
{
    public const int MaxLength = 63;

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength) return false;
        if (name[0] == '-' || name[^1] == '-') return false;
        foreach (var c in name)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-')) return false;
        }
        return true;
    }
}
