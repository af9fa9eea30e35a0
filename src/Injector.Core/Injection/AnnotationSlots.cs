using Injector.Json;
using System.Numerics;
using System.Text.Json;

namespace Injector.Injection;

/// <summary>
/// The indexed annotations a pod carries (see <see cref="AnnotationIndex"/>): one presence bit per key, and the values
/// of only those present. Most pods carry none or a few, so nothing is allocated for the keys they lack.
/// </summary>
internal struct AnnotationSlots
{
    private JsonTreeElement[]? _values; // in ascending key id order, one per set bit of _present

    public AnnotationSlots(bool indexed) => Indexed = indexed;

    /// <summary>False when the pod has no annotations object (then nothing is present).</summary>
    public bool Indexed { get; }

    /// <summary>Bit <c>id</c> is set when the pod has the annotation with that key id (any JSON type).</summary>
    public ulong Present { get; private set; }

    public readonly bool Has(int id) => (Present & (1UL << id)) != 0;

    /// <summary>The value for key <paramref name="id"/>; Undefined when absent.</summary>
    public readonly JsonTreeElement Get(int id) => Has(id) ? _values![Position(id)] : default;

    /// <summary>Records a key's value; a later duplicate wins, as in <see cref="JsonTreeElement.TryGetProperty(string, out JsonTreeElement)"/>.</summary>
    public void Set(int id, JsonTreeElement value)
    {
        if (Has(id))
        {
            _values![Position(id)] = value;
            return;
        }
        var count = BitOperations.PopCount(Present);
        if (_values is null) _values = new JsonTreeElement[4];
        else if (_values.Length == count) Array.Resize(ref _values, count * 2);
        Present |= 1UL << id;
        var at = Position(id);
        Array.Copy(_values, at, _values, at + 1, count - at);
        _values[at] = value;
    }

    // The values of lower ids come first.
    private readonly int Position(int id) => BitOperations.PopCount(Present & ((1UL << id) - 1));
}
