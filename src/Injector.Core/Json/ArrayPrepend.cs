using System.Text.Json;

namespace Injector.Json;

/// <summary>
/// Puts items before the elements an array already has, in order (<c>add .../0</c>, <c>.../1</c>, ...): a strategic
/// merge of Istio's template onto the pod lists the template's new elements first, then the pod's own. When the array
/// is absent, the items go into one <c>add</c> of the whole array.
/// </summary>
internal struct ArrayPrepend
{
    private readonly PatchWriter _patch;
    private readonly byte[] _prefix;
    private readonly bool _whole;
    private int _next;

    private ArrayPrepend(PatchWriter patch, byte[] prefix, bool whole)
    {
        _patch = patch;
        _prefix = prefix;
        _whole = whole;
        _next = 0;
    }

    /// <param name="arrayPath">e.g. <c>/spec/volumes</c>; <paramref name="itemPrefix"/> is the same with a trailing
    /// <c>/</c>, as UTF-8.</param>
    public static ArrayPrepend Begin(PatchWriter patch, JsonEncodedText arrayPath, byte[] itemPrefix, bool arrayExists)
    {
        if (!arrayExists)
        {
            patch.BeginAdd(arrayPath);
            patch.Writer.WriteStartArray();
        }
        return new ArrayPrepend(patch, itemPrefix, whole: !arrayExists);
    }

    /// <summary>Before writing one item's value.</summary>
    public void BeginItem()
    {
        if (!_whole) _patch.BeginAt(replace: false, _prefix, _next++, default);
    }

    /// <summary>After writing one item's value.</summary>
    public void EndItem()
    {
        if (!_whole) _patch.End();
    }

    public void End()
    {
        if (!_whole) return;
        _patch.Writer.WriteEndArray();
        _patch.End();
    }
}
