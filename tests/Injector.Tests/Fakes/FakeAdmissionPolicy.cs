using System.Text.Json;
using System.Text.Json.Nodes;
using Cel;

namespace Injector.Tests.Fakes;

/// <summary>
/// kube-apiserver's ValidatingAdmissionPolicy plugin for one rendered policy and binding, with its CEL evaluated by
/// the Cel NuGet package (a C# implementation of the CEL spec): matchConstraints (group, resource, operation), then
/// matchConditions (all true to apply; an error applies failurePolicy), variables in order, then every validation
/// (false, an error or a non-boolean refuses under failurePolicy Fail). Objects are handed over as kube-apiserver
/// hands them (unstructured JSON: maps, lists, strings, int64, bool), <c>request</c> with the fields the policy reads.
/// What it does not model: CEL cost limits, and cel-go's error absorption in <c>error || true</c> (the package raises
/// the error; the policy's guards come first, so evaluation order alone decides).
/// </summary>
internal sealed class FakeAdmissionPolicy
{
    private readonly JsonObject _spec;
    private readonly bool _deny;
    private readonly CelEnvironment _cel = new(null, null);
    private readonly Dictionary<string, CelProgramDelegate> _programs = new(StringComparer.Ordinal);

    public FakeAdmissionPolicy(JsonObject policy, JsonObject binding)
    {
        if ((string?)binding["spec"]!["policyName"] != (string?)policy["metadata"]!["name"])
        {
            throw new InvalidOperationException("the binding does not bind this policy");
        }
        _spec = policy["spec"]!.AsObject();
        _deny = binding["spec"]!["validationActions"]!.AsArray().Any(a => (string?)a == "Deny");
        // Compile everything up front, as the API server does when the policy is created: a syntax error fails here.
        foreach (var expression in Expressions()) Program(expression);
    }

    public IEnumerable<string> Expressions() =>
        Items("matchConditions").Concat(Items("variables")).Concat(Items("validations")).Select(i => (string)i["expression"]!);

    public bool FailsClosed => (string?)_spec["failurePolicy"] == "Fail";

    /// <summary>Null when the request is admitted; otherwise the refusal messages, one per failed validation.</summary>
    public string? Evaluate(FakeAdmission attempt)
    {
        if (!MatchesConstraints(attempt)) return null;
        var activation = new Dictionary<string, object?>
        {
            ["request"] = Request(attempt),
            ["object"] = ToCel(attempt.NewObject),
            ["oldObject"] = ToCel(attempt.OldObject),
        };
        foreach (var condition in Items("matchConditions"))
        {
            var (ok, value, error) = Run((string)condition["expression"]!, activation);
            if (!ok) return Refuse("matchCondition " + condition["name"] + " failed: " + error);
            if (value is false) return null;
        }
        var variables = new Dictionary<string, object?>();
        activation["variables"] = variables;
        foreach (var variable in Items("variables"))
        {
            // A variable that errors is left undefined: a validation that reads it then errors too (kube-apiserver
            // evaluates variables lazily, with the same effect on the validations that use them).
            var (ok, value, _) = Run((string)variable["expression"]!, activation, requireBool: false);
            if (ok) variables[(string)variable["name"]!] = value;
        }
        var refusals = new List<string>();
        foreach (var validation in Items("validations"))
        {
            var (ok, value, error) = Run((string)validation["expression"]!, activation);
            if (!ok) refusals.Add("expression failed: " + error);
            else if (value is false) refusals.Add((string)validation["message"]!);
        }
        return refusals.Count == 0 || !_deny ? null : string.Join("; ", refusals);
    }

    private string? Refuse(string message) => FailsClosed && _deny ? message : null;

    private bool MatchesConstraints(FakeAdmission attempt)
    {
        var group = attempt.Target.Prefix.StartsWith("/apis/", StringComparison.Ordinal) ? attempt.Target.Prefix.Split('/')[2] : "";
        foreach (var rule in _spec["matchConstraints"]!["resourceRules"]!.AsArray())
        {
            if (Has(rule!["apiGroups"], group) && Has(rule["resources"], attempt.Target.Resource) && Has(rule["operations"], attempt.Operation)) return true;
        }
        return false;
    }

    private static bool Has(JsonNode? list, string value) => list!.AsArray().Any(v => (string?)v is { } s && (s == "*" || s == value));

    private static Dictionary<string, object?> Request(FakeAdmission attempt) => new()
    {
        ["operation"] = attempt.Operation,
        ["userInfo"] = new Dictionary<string, object?> { ["username"] = attempt.UserName },
        ["resource"] = new Dictionary<string, object?>
        {
            ["group"] = attempt.Target.Prefix.StartsWith("/apis/", StringComparison.Ordinal) ? attempt.Target.Prefix.Split('/')[2] : "",
            ["version"] = attempt.Target.Prefix.Split('/')[^1],
            ["resource"] = attempt.Target.Resource,
        },
        ["namespace"] = attempt.Target.Namespace ?? "",
        ["name"] = attempt.Target.Name ?? "",
    };

    private (bool Ok, object? Value, string? Error) Run(string expression, Dictionary<string, object?> activation, bool requireBool = true)
    {
        object? value;
        try
        {
            value = Program(expression).Invoke(activation);
        }
        catch (Exception e)
        {
            return (false, null, e.GetType().Name + ": " + e.Message);
        }
        if (requireBool && value is not bool) return (false, null, "not a boolean: " + value);
        return (true, value, null);
    }

    private CelProgramDelegate Program(string expression)
    {
        if (!_programs.TryGetValue(expression, out var program))
        {
            program = _cel.Compile(expression);
            _programs[expression] = program;
        }
        return program;
    }

    private IEnumerable<JsonObject> Items(string key) => _spec[key] is JsonArray array ? array.Select(i => i!.AsObject()) : [];

    /// <summary>JSON as the unstructured values kube-apiserver gives CEL.</summary>
    public static object? ToCel(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToCel(p.Value), StringComparer.Ordinal),
        JsonArray array => array.Select(ToCel).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // Integers are int64 in unstructured objects, other numbers float64 (whatever CLR type built the node).
            JsonValueKind.Number when long.TryParse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out var integer) => integer,
            JsonValueKind.Number => double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException("unexpected JSON " + value.ToJsonString()),
        },
        _ => throw new InvalidOperationException("unexpected node " + node.GetType().Name),
    };
}
