using System.Text.Json.Nodes;

namespace Injector.Tests.Fakes;

/// <summary>What RBAC decides on: verb, API group, resource, namespace and name of one request (kube-apiserver's RequestInfo).</summary>
internal sealed record KubeRequestAttributes(string Verb, string ApiGroup, string Resource, string? Namespace, string? Name)
{
    public override string ToString() =>
        Verb + " " + (ApiGroup.Length == 0 ? "" : ApiGroup + "/") + Resource + (Name is null ? "" : "/" + Name) + (Namespace is null ? "" : " in " + Namespace);

    /// <summary>The attributes of a REST call as the API server derives them from the method and path.</summary>
    public static KubeRequestAttributes From(string method, string pathAndQuery)
    {
        var query = pathAndQuery.IndexOf('?');
        var path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        if (!FakeKubePath.TryParse(path, out var parsed)) throw new InvalidOperationException("not an API path: " + path);
        var group = parsed.Prefix.StartsWith("/apis/", StringComparison.Ordinal) ? parsed.Prefix.Split('/')[2] : "";
        var watch = query >= 0 && System.Web.HttpUtility.ParseQueryString(pathAndQuery[query..])["watch"] == "true";
        var verb = method switch
        {
            "GET" when parsed.Name is not null => "get",
            "GET" => watch ? "watch" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" when parsed.Name is not null => "delete",
            "DELETE" => "deletecollection",
            _ => throw new InvalidOperationException("no RBAC verb for " + method),
        };
        // /api/v1/namespaces/NS is the namespace object itself, which is cluster-scoped.
        return parsed.Resource == "namespaces" && parsed.Namespace is null
            ? new KubeRequestAttributes(verb, group, "namespaces", null, parsed.Name)
            : new KubeRequestAttributes(verb, group, parsed.Resource, parsed.Namespace, parsed.Name);
    }
}

/// <summary>One rendered RBAC rule and where it applies (a Role's namespace, or everywhere for a ClusterRole).</summary>
internal sealed record FakeRbacRule(string Source, string? Namespace, IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources,
    IReadOnlyList<string> Verbs, IReadOnlyList<string> ResourceNames)
{
    public override string ToString() =>
        Source + ": " + string.Join(",", Verbs) + " " + string.Join(",", Resources) +
        (ResourceNames.Count == 0 ? "" : " [" + string.Join(",", ResourceNames) + "]");

    /// <summary>RBAC's matching: group, resource and verb (or <c>*</c>), the namespace for a Role, and the name when the rule names objects.</summary>
    public bool Allows(KubeRequestAttributes request, string verb) =>
        (Namespace is null || Namespace == request.Namespace)
        && Matches(ApiGroups, request.ApiGroup) && Matches(Resources, request.Resource) && Matches(Verbs, verb)
        && (ResourceNames.Count == 0 || (request.Name is not null && ResourceNames.Contains(request.Name)));

    private static bool Matches(IReadOnlyList<string> allowed, string value) => allowed.Contains("*") || allowed.Contains(value);
}

/// <summary>
/// The RBAC rules a set of rendered manifests grants one ServiceAccount: Roles through RoleBindings (in the Role's
/// namespace) and ClusterRoles through ClusterRoleBindings (everywhere). Only what RBAC itself does; no aggregation.
/// </summary>
internal sealed class FakeRbac(IReadOnlyList<FakeRbacRule> rules)
{
    public IReadOnlyList<FakeRbacRule> Rules { get; } = rules;

    public static FakeRbac For(IReadOnlyList<JsonObject> documents, string serviceAccountNamespace, string serviceAccount)
    {
        var rules = new List<FakeRbacRule>();
        foreach (var binding in documents.Where(d => (string?)d["kind"] is "RoleBinding" or "ClusterRoleBinding"))
        {
            var subjects = binding["subjects"]!.AsArray();
            if (!subjects.Any(s => (string?)s!["kind"] == "ServiceAccount" && (string?)s["name"] == serviceAccount
                                  && (string?)s["namespace"] == serviceAccountNamespace)) continue;
            var bindingNamespace = (string?)binding["metadata"]!["namespace"];
            var roleKind = (string)binding["roleRef"]!["kind"]!;
            var roleName = (string)binding["roleRef"]!["name"]!;
            var role = documents.Single(d => (string?)d["kind"] == roleKind && (string?)d["metadata"]!["name"] == roleName
                                            && (roleKind == "ClusterRole" || (string?)d["metadata"]!["namespace"] == bindingNamespace));
            var index = 0;
            foreach (var rule in role["rules"]!.AsArray())
            {
                rules.Add(new FakeRbacRule(roleKind + "/" + roleName + "#" + index++, bindingNamespace,
                    Strings(rule!["apiGroups"]), Strings(rule["resources"]), Strings(rule["verbs"]), Strings(rule["resourceNames"])));
            }
        }
        return new FakeRbac(rules);
    }

    public bool Allows(KubeRequestAttributes request) => Rules.Any(r => r.Allows(request, request.Verb));

    /// <summary>What <c>kubectl auth can-i VERB RESOURCE/NAME</c> would answer for this identity.</summary>
    public bool CanI(string verb, string apiGroup, string resource, string? ns, string? name) =>
        Allows(new KubeRequestAttributes(verb, apiGroup, resource, ns, name));

    private static List<string> Strings(JsonNode? node) => node is JsonArray array ? [.. array.Select(n => (string)n!)] : [];
}
