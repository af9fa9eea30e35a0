using System.Text.Json;
using Injector.Json;

namespace Injector.Injection;

/// <summary>
/// Sets string entries of a map (labels, annotations): one <c>add</c> per key when the map exists, or a single
/// <c>add</c> of the whole map when it does not (a JSON Patch cannot add below a missing parent).
/// </summary>
internal readonly ref struct MapPatch
{
    private readonly PatchWriter _patch;
    private readonly bool _whole;
    private readonly string _path;

    /// <param name="path">The map's fixed path (<see cref="PatchPaths"/>); its text, which needs no escaping, prefixes
    /// the entry paths of keys known only at run time.</param>
    public MapPatch(PatchWriter patch, JsonEncodedText path, bool exists)
    {
        _patch = patch;
        _whole = !exists;
        _path = path.Value;
        if (_whole)
        {
            patch.BeginAdd(path);
            patch.Writer.WriteStartObject();
        }
    }

    /// <summary>Sets a known key (its path pre-encoded under this map) to a value escaped by the writer.</summary>
    public void Set(MapKey key, string value)
    {
        var w = _patch.Writer;
        if (_whole)
        {
            w.WriteString(key.Name, value);
            return;
        }
        _patch.BeginAdd(key.EntryPath);
        w.WriteStringValue(value);
        _patch.End();
    }

    /// <summary>Sets a known key to a pre-encoded value.</summary>
    public void Set(MapKey key, JsonEncodedText value)
    {
        var w = _patch.Writer;
        if (_whole)
        {
            w.WriteString(key.Name, value);
            return;
        }
        _patch.BeginAdd(key.EntryPath);
        w.WriteStringValue(value);
        _patch.End();
    }

    /// <summary>Sets a known key to the text of a string element of the pod, copied from its UTF-8 (escaped by the writer).</summary>
    public void Set(MapKey key, JsonTreeElement text) => Set(key, Json.JsonText.Utf8(text));

    /// <summary>Sets a known key to a value given as UTF-8 text, escaped by the writer.</summary>
    public void Set(MapKey key, ReadOnlySpan<byte> utf8Value)
    {
        var w = _patch.Writer;
        if (_whole)
        {
            w.WriteString(key.Name, utf8Value);
            return;
        }
        _patch.BeginAdd(key.EntryPath);
        w.WriteStringValue(utf8Value);
        _patch.End();
    }

    /// <summary>Sets a key known only at run time (the revision's injected annotations): name and path escaped here.</summary>
    public void Set(string key, string value)
    {
        var w = _patch.Writer;
        if (_whole)
        {
            w.WriteString(key, value);
            return;
        }
        BeginEntry(key);
        w.WriteStringValue(value);
        _patch.End();
    }

    public void End()
    {
        if (!_whole) return;
        _patch.Writer.WriteEndObject();
        _patch.End();
    }

    private void BeginEntry(string key)
    {
        Span<char> prefix = stackalloc char[_path.Length + 1];
        _path.CopyTo(prefix);
        prefix[^1] = '/';
        _patch.BeginAdd(prefix, key);
    }
}
