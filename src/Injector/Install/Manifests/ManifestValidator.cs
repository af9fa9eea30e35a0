using System.Text.RegularExpressions;

namespace Injector.Install.Manifests;

/// <summary>Checks manifest options up front and reports every problem at once, each naming its flag.</summary>
internal static partial class ManifestValidator
{
    public static IReadOnlyList<string> Validate(ManifestOptions options)
    {
        var errors = new List<string>();
        // injector-<revision>-tls must stay a valid 63-character DNS label (Service and Secret names).
        if (!DnsLabel().IsMatch(options.Revision) || options.Revision.Length > 50)
        {
            errors.Add($"--revision '{options.Revision}' must be a DNS label (lower-case letters, digits, '-'; at most 50 characters)");
        }
        if (!DnsLabel().IsMatch(options.Namespace) || options.Namespace.Length > 63)
        {
            errors.Add($"--namespace '{options.Namespace}' must be a DNS label");
        }
        if (string.IsNullOrWhiteSpace(options.Image) || options.Image.Any(char.IsWhiteSpace))
        {
            errors.Add($"--image '{options.Image}' must be a container image reference without spaces");
        }
        if (options.Replicas is < 1 or > 100)
        {
            errors.Add($"--replicas {options.Replicas} must be between 1 and 100");
        }
        if (options.ReinvocationPolicy is not ("Never" or "IfNeeded"))
        {
            errors.Add($"--reinvocation-policy '{options.ReinvocationPolicy}' must be Never or IfNeeded");
        }
        // The API server accepts 1..30 seconds for a webhook timeout.
        if (options.TimeoutSeconds is < 1 or > 30)
        {
            errors.Add($"--timeout-seconds {options.TimeoutSeconds} must be between 1 and 30 (the API server's limits)");
        }
        return errors;
    }

    public static bool IsDnsLabel(string value) => value.Length <= 63 && DnsLabel().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
