namespace Injector.Kube.Schema;

/// <summary>
/// Go field lookup by name, as <c>reflect.Value.FieldByName</c> (and so text/template) does it: declared fields, and
/// fields promoted from embedded structs whatever their JSON form (<c>Pod.Name</c> through <c>ObjectMeta</c>,
/// <c>Probe.HTTPGet</c> through <c>ProbeHandler</c>). The shallowest name wins; equal depth is ambiguous and hides
/// the name.
/// </summary>
internal static class GoFieldResolver
{
    public static Dictionary<string, KubeField[]> Resolve(KubeType type)
    {
        var found = new Dictionary<string, (KubeField[] Path, int Count)>(StringComparer.Ordinal);
        var level = new List<KubeField[]>();
        foreach (var f in type.Fields) level.Add([f]);
        // Breadth first, one embedding depth at a time, so a shallower name is recorded before deeper ones.
        for (var depth = 0; level.Count > 0 && depth <= 8; depth++)
        {
            var atThisDepth = new Dictionary<string, (KubeField[] Path, int Count)>(StringComparer.Ordinal);
            var next = new List<KubeField[]>();
            foreach (var path in level)
            {
                var field = path[^1];
                if (found.ContainsKey(field.GoName)) continue; // hidden by a shallower field
                atThisDepth[field.GoName] = atThisDepth.TryGetValue(field.GoName, out var seen)
                    ? (seen.Path, seen.Count + 1)
                    : (path, 1);
                var target = field.Type.Deref();
                if (field.Embedded && target.Kind == KubeKind.Struct)
                {
                    foreach (var inner in target.Fields) next.Add([.. path, inner]);
                }
            }
            foreach (var (name, entry) in atThisDepth) found[name] = entry;
            level = next;
        }
        var result = new Dictionary<string, KubeField[]>(StringComparer.Ordinal);
        foreach (var (name, entry) in found)
        {
            if (entry.Count == 1) result[name] = entry.Path;
        }
        return result;
    }
}
