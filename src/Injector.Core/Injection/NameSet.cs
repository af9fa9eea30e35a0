using Injector.Json;
using System.Text.Json;

namespace Injector.Injection;

/// <summary>
/// Names read from pod text (the lists of <c>sidecar.istio.io/status</c>), asked once per pod entry whether they hold
/// that entry's name. Each entry used to be compared with every listed name: 20,000 listed names against 5,000 volumes
/// took 8 s of CPU. Now a lookup costs a few compares: a short list (every real status) is compared in place, without
/// a string per entry; a longer one is hashed.
/// </summary>
internal sealed class NameSet
{
    /// <summary>Up to this many distinct names are compared one by one (a status lists at most a handful).</summary>
    private const int LinearMax = 8;

    public static readonly NameSet Empty = new([]);

    private readonly string[] _names;
    private readonly HashSet<string>? _hashed;

    /// <param name="names">Repeats are kept once (a status may list a name any number of times).</param>
    public NameSet(IReadOnlyCollection<string> names)
    {
        if (names.Count <= LinearMax)
        {
            var few = new List<string>(names.Count);
            foreach (var name in names)
            {
                if (!few.Contains(name)) few.Add(name);
            }
            _names = [.. few];
            return;
        }
        var distinct = new HashSet<string>(names.Count, StringComparer.Ordinal);
        var ordered = new List<string>(Math.Min(names.Count, LinearMax));
        foreach (var name in names)
        {
            if (distinct.Add(name) && distinct.Count <= LinearMax) ordered.Add(name);
        }
        _names = [.. ordered];
        if (distinct.Count > LinearMax) _hashed = distinct;
    }

    public bool IsEmpty => _names.Length == 0;

    /// <summary>Whether the string element <paramref name="name"/> is in the set (an element of another kind never is).</summary>
    public bool Contains(JsonTreeElement name)
    {
        if (name.ValueKind != JsonValueKind.String) return false;
        if (_hashed is not null) return _hashed.Contains(name.GetString()!);
        foreach (var n in _names)
        {
            if (name.ValueEquals(n)) return true;
        }
        return false;
    }

    public bool Contains(string? name)
    {
        if (name is null) return false;
        if (_hashed is not null) return _hashed.Contains(name);
        foreach (var n in _names)
        {
            if (n == name) return true;
        }
        return false;
    }
}
