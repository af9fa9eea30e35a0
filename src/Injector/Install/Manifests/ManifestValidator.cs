using Injector.Istio;

namespace Injector.Install.Manifests;

/// <summary>Checks manifest options up front and reports every problem at once, each naming its flag.</summary>
internal static class ManifestValidator
{
    public static IReadOnlyList<string> Validate(ManifestOptions options)
    {
        var errors = new List<string>();
        // injector-<revision>-tls must stay a valid 63-character DNS label (Service and Secret names).
        if (!IstioNames.IsDnsLabel(options.Revision) || options.Revision.Length > 50)
        {
            errors.Add($"--revision '{options.Revision}' must be a DNS label (lower-case letters, digits, '-'; at most 50 characters)");
        }
        if (!IstioNames.IsDnsLabel(options.Namespace))
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
}
