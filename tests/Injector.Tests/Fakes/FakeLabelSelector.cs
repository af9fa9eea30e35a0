using System.Text.Json.Nodes;

namespace Injector.Tests.Fakes;

/// <summary>The equality subset of the labelSelector query: <c>k=v</c>, <c>k!=v</c>, <c>k</c>, <c>!k</c>, comma-separated.</summary>
internal static class FakeLabelSelector
{
    public static bool Matches(string selector, JsonObject obj)
    {
        if (string.IsNullOrEmpty(selector)) return true;
        var labels = obj["metadata"]?["labels"] as JsonObject;
        foreach (var term in selector.Split(','))
        {
            string? Value(string key) => (string?)labels?[key];
            if (term.Contains("!="))
            {
                var (k, v) = Split(term, "!=");
                if (Value(k) == v) return false;
            }
            else if (term.Contains('='))
            {
                var (k, v) = Split(term, "=");
                if (Value(k) != v) return false;
            }
            else if (term.StartsWith('!'))
            {
                if (Value(term[1..]) is not null) return false;
            }
            else if (Value(term) is null)
            {
                return false;
            }
        }
        return true;
    }

    private static (string, string) Split(string term, string op)
    {
        var i = term.IndexOf(op, StringComparison.Ordinal);
        return (term[..i], term[(i + op.Length)..]);
    }
}
