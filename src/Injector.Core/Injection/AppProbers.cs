using Injector.Json;
using System.Globalization;
using System.Text.Json;

namespace Injector.Injection;

/// <summary>
/// The value of <c>ISTIO_KUBE_APP_PROBERS</c>: each rewritten probe's original, keyed by its new path, keys sorted
/// (Go marshals maps with sorted keys, and the goldens compare the value as a string). Entries keep a reference to
/// the probe in the pod and are written once, straight into the env value: no per-probe buffers, and one sort
/// (n log n) instead of a sorted insert per probe.
/// </summary>
internal sealed class AppProbers
{
    private readonly List<Entry> _entries;
    private bool _sealed;

    public AppProbers(int capacity) => _entries = new List<Entry>(capacity);

    /// <summary>A probe to describe from the pod, or (re-injection) the description an earlier injection recorded.</summary>
    private readonly record struct Entry(string Url, int Order, JsonTreeElement Probe, JsonTreeElement Container, bool WithTimeout, byte[]? Carried);

    public int Count => _entries.Count;

    public void Add(string url, JsonTreeElement probe, JsonTreeElement container, bool withTimeout) =>
        Open().Add(new Entry(url, _entries.Count, probe, container, withTimeout, Carried: null));

    /// <summary>Re-injection: the agent's original for a probe rewritten before (copied: its document is short-lived).</summary>
    public void AddCarried(string url, byte[] json) => Open().Add(new Entry(url, _entries.Count, default, default, false, json));

    // Sealed is final (ProbeRewrites.Empty is shared by every request).
    private List<Entry> Open() => _sealed ? throw new InvalidOperationException("the probers are sealed") : _entries;

    /// <summary>Sorts by key; for a key given twice the later entry wins, as a map assignment would.</summary>
    public void Seal()
    {
        if (_sealed) return;
        _sealed = true;
        if (_entries.Count < 2) return;
        _entries.Sort(static (a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Url, b.Url);
            return byKey != 0 ? byKey : a.Order.CompareTo(b.Order);
        });
        var kept = 0;
        for (var i = 0; i < _entries.Count; i++)
        {
            if (i + 1 < _entries.Count && _entries[i + 1].Url == _entries[i].Url) continue;
            _entries[kept++] = _entries[i];
        }
        _entries.RemoveRange(kept, _entries.Count - kept);
    }

    /// <summary>Writes the JSON object (the caller embeds it in the env value as a string).</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        Seal();
        w.WriteStartObject();
        foreach (var entry in _entries)
        {
            w.WritePropertyName(entry.Url);
            if (entry.Carried is not null) w.WriteRawValue(entry.Carried, skipInputValidation: true);
            else WriteProber(w, entry.Probe, entry.Container, entry.WithTimeout);
        }
        w.WriteEndObject();
    }

    /// <summary>The original probe, as Istio's agent reads it: Go field order, named ports resolved.</summary>
    private static void WriteProber(Utf8JsonWriter w, JsonTreeElement probe, JsonTreeElement container, bool withTimeout)
    {
        w.WriteStartObject();
        if (probe.TryGetProperty("httpGet"u8, out var http) && http.ValueKind == JsonValueKind.Object)
        {
            w.WriteStartObject("httpGet"u8);
            CopyIfPresent(w, http, "path");
            WritePort(w, http, container);
            CopyIfPresent(w, http, "host");
            CopyIfPresent(w, http, "scheme");
            CopyIfPresent(w, http, "httpHeaders");
            w.WriteEndObject();
        }
        else if (probe.TryGetProperty("tcpSocket"u8, out var tcp) && tcp.ValueKind == JsonValueKind.Object)
        {
            w.WriteStartObject("tcpSocket"u8);
            WritePort(w, tcp, container);
            CopyIfPresent(w, tcp, "host");
            w.WriteEndObject();
        }
        else if (probe.TryGetProperty("grpc"u8, out var grpc) && grpc.ValueKind == JsonValueKind.Object)
        {
            w.WriteStartObject("grpc"u8);
            WritePort(w, grpc, container);
            if (grpc.TryGetProperty("service"u8, out var service)) { w.WritePropertyName("service"u8); service.WriteTo(w); }
            else w.WriteNull("service"u8);
            w.WriteEndObject();
        }
        if (withTimeout && probe.TryGetProperty("timeoutSeconds"u8, out var timeout) && timeout.ValueKind == JsonValueKind.Number
            && timeout.TryGetInt32(out var seconds) && seconds != 0)
        {
            w.WriteNumber("timeoutSeconds"u8, seconds);
        }
        w.WriteEndObject();
    }

    private static void WritePort(Utf8JsonWriter w, JsonTreeElement action, JsonTreeElement container)
    {
        if (!action.TryGetProperty("port"u8, out var port)) return;
        if (port.ValueKind == JsonValueKind.String)
        {
            var text = port.GetString()!;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric)) { w.WriteNumber("port"u8, numeric); return; }
            if (NamedPort(container, text) is int resolved) { w.WriteNumber("port"u8, resolved); return; }
        }
        w.WritePropertyName("port"u8);
        port.WriteTo(w);
    }

    private static int? NamedPort(JsonTreeElement container, string name)
    {
        if (!container.TryGetProperty("ports"u8, out var ports) || ports.ValueKind != JsonValueKind.Array) return null;
        foreach (var p in ports.EnumerateArray())
        {
            if (p.ValueKind == JsonValueKind.Object && p.TryGetProperty("name"u8, out var n) && n.ValueKind == JsonValueKind.String
                && n.ValueEquals(name) && p.TryGetProperty("containerPort"u8, out var cp)
                && cp.ValueKind == JsonValueKind.Number && cp.TryGetInt32(out var number))
            {
                return number;
            }
        }
        return null;
    }

    private static void CopyIfPresent(Utf8JsonWriter w, JsonTreeElement source, string name)
    {
        if (source.TryGetProperty(name, out var value))
        {
            w.WritePropertyName(name);
            value.WriteTo(w);
        }
    }
}
