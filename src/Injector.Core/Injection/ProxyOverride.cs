using System.Text.Json;
using Injector.Json;
using Injector.Limits;

namespace Injector.Injection;

/// <summary>
/// Merges the user's own <c>istio-proxy</c> container over the injected one, field by field: a field the user set
/// replaces the template's (Istio's container override). Empty objects, nulls and <c>image: auto</c> set nothing.
/// </summary>
internal readonly struct ProxyOverride
{
    private readonly JsonTreeElement _user;
    private readonly WorkBudget _budget;

    public ProxyOverride(JsonTreeElement user, WorkBudget budget)
    {
        _user = user;
        _budget = budget;
    }

    public bool IsPresent => _user.ValueKind == JsonValueKind.Object;

    /// <summary>Writes the user's value for <paramref name="name"/> when it sets one; the caller then skips its own.</summary>
    public bool TryWrite(Utf8JsonWriter w, string name)
    {
        if (!IsPresent || !_user.TryGetProperty(name, out var value) || !Sets(name, value)) return false;
        w.WritePropertyName(name);
        value.WriteTo(w);
        return true;
    }

    /// <summary>True when the user sets list <paramref name="name"/>, which then merges with ours (see <see cref="WriteMerged"/>).</summary>
    public bool SetsList(string name) =>
        IsPresent && _user.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array;

    /// <summary>
    /// Kubernetes strategic merge of a keyed list (env by name, ports by containerPort, volumeMounts by mountPath):
    /// our entries in order, each replaced by the user's entry with the same key; the user's other entries appended.
    /// <paramref name="template"/> is our rendered <c>{"name":[...]}</c>.
    /// </summary>
    public void WriteMerged(Utf8JsonWriter w, string name, string key, byte[] template)
    {
        var user = _user.GetProperty(name);
        using var doc = JsonTree.Parse(template);
        var ours = doc.Root.GetProperty(name);
        var lookup = new KeyedList(user, key, _budget);
        var oursLookup = new KeyedList(ours, key, _budget);
        w.WriteStartArray(name);
        foreach (var entry in ours.EnumerateArray())
        {
            _budget.Spend();
            // Our list can hold entries without the key (a userVolumeMount without mountPath): nothing replaces those.
            var replacement = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(key, out var ourKey) ? lookup.Find(ourKey) : default;
            (replacement.ValueKind == JsonValueKind.Object ? replacement : entry).WriteTo(w);
        }
        foreach (var entry in user.EnumerateArray())
        {
            _budget.Spend();
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty(key, out var k)) continue;
            if (oursLookup.Find(k).ValueKind != JsonValueKind.Object) entry.WriteTo(w);
        }
        w.WriteEndArray();
    }

    /// <summary>
    /// The first object entry of a list whose <c>key</c> member equals a value (<see cref="JsonElement.DeepEquals"/>).
    /// Short lists are searched in place; long ones are indexed once (<see cref="JsonKey"/>): comparing every entry
    /// of one list with every entry of the other was quadratic in what the pod's author wrote.
    /// </summary>
    private readonly struct KeyedList
    {
        private const int SearchedInPlace = 32;
        private readonly JsonTreeElement _list;
        private readonly string _key;
        private readonly Dictionary<string, JsonTreeElement>? _index;

        public KeyedList(JsonTreeElement list, string key, WorkBudget budget)
        {
            _list = list;
            _key = key;
            if (list.GetArrayLength() <= SearchedInPlace) return;
            _index = new Dictionary<string, JsonTreeElement>(StringComparer.Ordinal);
            foreach (var entry in list.EnumerateArray())
            {
                budget.Spend();
                if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(key, out var k)) _index.TryAdd(JsonKey.Of(k), entry);
            }
        }

        public JsonTreeElement Find(JsonTreeElement value)
        {
            if (_index is not null) return _index.TryGetValue(JsonKey.Of(value), out var found) ? found : default;
            foreach (var entry in _list.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(_key, out var k) && JsonTreeElement.DeepEquals(k, value)) return entry;
            }
            return default;
        }
    }

    /// <summary>Writes the user's fields the template does not have.</summary>
    public void WriteRemaining(Utf8JsonWriter w, ReadOnlySpan<string> templateFields)
    {
        if (!IsPresent) return;
        foreach (var p in _user.EnumerateObject())
        {
            if (p.NameEquals("name"u8) || !Sets(p.Name, p.Value)) continue;
            var known = false;
            foreach (var f in templateFields)
            {
                if (p.NameEquals(f)) { known = true; break; }
            }
            if (!known) p.WriteTo(w);
        }
    }

    private static bool Sets(string name, JsonTreeElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => false,
        JsonValueKind.Object => value.EnumerateObject().MoveNext(),
        JsonValueKind.String => !(name == "image" && value.ValueEquals("auto")),
        _ => true,
    };

    /// <summary>
    /// The <c>proxy.istio.io/overrides</c> value: the user's container in Go's field order (as istiod writes it),
    /// under <paramref name="listName"/>, so re-injection can restore it.
    /// </summary>
    public static void WriteAnnotationValue(Utf8JsonWriter w, InjectionPlan plan)
    {
        w.WriteStartObject();
        var proxyInInit = plan.NativeSidecar && plan.UserProxy.ValueKind == JsonValueKind.Object;
        // Every container the template changes is recorded: the user's istio-proxy, and for grpc-agent the apps.
        w.WriteStartArray(proxyInInit ? "initContainers" : "containers");
        if (plan.GrpcAgent && plan.Pod.Containers.ValueKind == JsonValueKind.Array)
        {
            foreach (var c in plan.Pod.Containers.EnumerateArray())
            {
                if (PodView.StringOf(c, "name"u8) is { } n && n != ContainerNames.Proxy) WriteGoContainer(w, c);
            }
        }
        if (plan.UserProxy.ValueKind == JsonValueKind.Object) WriteGoContainer(w, plan.UserProxy);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteGoContainer(Utf8JsonWriter w, JsonTreeElement user)
    {
        w.WriteStartObject();
        foreach (var field in GoContainerFieldOrder)
        {
            if (user.TryGetProperty(field, out var value))
            {
                if (field == "image" && value.ValueKind == JsonValueKind.String && value.ValueEquals("auto")) continue;
                w.WritePropertyName(field);
                value.WriteTo(w);
            }
            else if (field == "resources")
            {
                // Go's Container.Resources has no omitempty.
                w.WriteStartObject("resources");
                w.WriteEndObject();
            }
        }
        // Fields Go's Container does not know (newer Kubernetes) come after: the merged proxy keeps them
        // (WriteRemaining), so the record must too, or re-injection would drop them (found by fuzzing).
        foreach (var p in user.EnumerateObject())
        {
            if (Array.IndexOf(GoContainerFieldOrder, p.Name) < 0) p.WriteTo(w);
        }
        w.WriteEndObject();
    }

    private static readonly string[] GoContainerFieldOrder =
    [
        "name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources", "resizePolicy",
        "restartPolicy", "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle",
        "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy", "securityContext", "stdin", "stdinOnce", "tty",
    ];
}
