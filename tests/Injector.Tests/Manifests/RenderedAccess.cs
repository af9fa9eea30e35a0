using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Injector.Install.Manifests;
using Injector.Tests.Fakes;

namespace Injector.Tests.Manifests;

/// <summary>
/// What <c>injector manifest</c> lets the injector's ServiceAccount do, read back from the rendered YAML: its RBAC
/// rules and its admission policy, both of which can be enforced by <see cref="FakeKubeApiServer"/>, so a test runs
/// the server's code with exactly the rights the manifests give it.
/// </summary>
internal sealed class RenderedAccess
{
    private RenderedAccess(List<JsonObject> documents, FakeRbac rbac, FakeAdmissionPolicy? policy, string userName)
    {
        Documents = documents;
        Rbac = rbac;
        Policy = policy;
        UserName = userName;
    }

    public List<JsonObject> Documents { get; }
    public FakeRbac Rbac { get; }
    public FakeAdmissionPolicy? Policy { get; }
    public string UserName { get; }

    /// <summary>Every refusal while enforcing (RBAC or policy), as "METHOD path: why".</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    public static RenderedAccess For(ManifestOptions options)
    {
        var documents = YamlTestReader.Documents(ManifestRenderer.Render(options));
        var policies = documents.Where(d => (string?)d["kind"] == "ValidatingAdmissionPolicy").ToList();
        var bindings = documents.Where(d => (string?)d["kind"] == "ValidatingAdmissionPolicyBinding").ToList();
        Assert.Equal(policies.Count, bindings.Count);
        var policy = policies.Count == 0 ? null : new FakeAdmissionPolicy(Assert.Single(policies), Assert.Single(bindings));
        return new RenderedAccess(documents, FakeRbac.For(documents, options.Namespace, options.Name), policy,
            "system:serviceaccount:" + options.Namespace + ":" + options.Name);
    }

    /// <summary>
    /// Every call was granted, and no right goes unused: each verb of each rule, and each name a rule is limited to,
    /// is used by some call.
    /// </summary>
    public void AssertGrantsAreExactlyUsed(FakeKubeApiServer server)
    {
        var calls = server.Requests.Select(r => KubeRequestAttributes.From(r.Method, r.PathAndQuery)).ToList();
        Assert.All(calls, call => Assert.True(Rbac.Allows(call), call + " is not granted"));
        foreach (var rule in Rbac.Rules)
        {
            foreach (var verb in rule.Verbs)
            {
                var users = calls.Where(c => c.Verb == verb && rule.Allows(c, verb)).ToList();
                Assert.True(users.Count > 0, rule + ": no call uses " + verb);
                foreach (var name in rule.ResourceNames)
                {
                    Assert.True(users.Any(c => c.Name == name), rule + ": no " + verb + " of " + name);
                }
            }
        }
    }

    /// <summary>Makes the fake API server authenticate its token as the ServiceAccount and authorize and admit as rendered.</summary>
    public void Enforce(FakeKubeApiServer server)
    {
        server.UserName = UserName;
        server.Forbid = (method, path) =>
        {
            var request = KubeRequestAttributes.From(method, path);
            if (Rbac.Allows(request)) return false;
            Refusals.Enqueue(method + " " + path + ": RBAC");
            return true;
        };
        server.Admit = attempt =>
        {
            var refusal = Policy?.Evaluate(attempt);
            if (refusal is not null) Refusals.Enqueue(attempt.Operation + " " + attempt.Target.ObjectPath + ": " + refusal);
            return refusal;
        };
    }
}
