using System.Text.Json;

namespace Injector.Json;

/// <summary>
/// Adds items to an array the pod may not have. When it is absent, a <c>.../-</c> append would not apply, so the
/// items go into one <c>add</c> of the whole array; when it exists, each item is its own <c>add .../-</c>.
/// </summary>
internal readonly struct ArrayAppend
{
    private readonly PatchWriter _patch;
    private readonly JsonEncodedText _appendPath;
    private readonly bool _whole;

    private ArrayAppend(PatchWriter patch, JsonEncodedText appendPath, bool whole)
    {
        _patch = patch;
        _appendPath = appendPath;
        _whole = whole;
    }

    /// <param name="arrayPath">e.g. <c>/spec/volumes</c>; <paramref name="appendPath"/> is the same with <c>/-</c>
    /// (both fixed, so pre-encoded once).</param>
    public static ArrayAppend Begin(PatchWriter patch, JsonEncodedText arrayPath, JsonEncodedText appendPath, bool arrayExists)
    {
        if (!arrayExists)
        {
            patch.BeginAdd(arrayPath);
            patch.Writer.WriteStartArray();
        }
        return new ArrayAppend(patch, appendPath, whole: !arrayExists);
    }

    /// <summary>Before writing one item's value.</summary>
    public void BeginItem()
    {
        if (!_whole) _patch.BeginAdd(_appendPath);
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
