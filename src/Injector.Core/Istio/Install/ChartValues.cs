using System.Text.Json.Nodes;
using Injector.Kube.Yaml;

namespace Injector.Istio.Install;

/// <summary>
/// The values the istio-discovery chart's templates see (templates/zzz_profile.yaml, then
/// templates/zzy_descope_legacy.yaml, which Helm runs in that order): the chart defaults
/// (<c>_internal_defaults_do_not_set</c>), with the chart profiles the user's values select merged over them
/// (<c>profile</c> or <c>global.profile</c>, <c>compatibilityVersion</c>, <c>platform</c> or
/// <c>global.platform</c>; files/profile-*.yaml), the user's values over that, and finally everything under
/// <c>pilot</c> copied to the top level.
/// </summary>
internal static class ChartValues
{
    public static JsonObject Compute(JsonObject userValues)
    {
        var defaults = ChartResources.ChartDefaults();
        var profile = new JsonObject();
        var profileName = Coalesce(ValueTree.Get(userValues, "profile"), ValueTree.Get(userValues, "global", "profile"));
        if (profileName is not null) ValueTree.MergeInto(profile, ChartProfile("profile-" + profileName, "unknown profile " + profileName));
        var compatibility = ValueTree.Get(userValues, "compatibilityVersion");
        if (ValueTree.IsTruthy(compatibility))
        {
            var version = ValueTree.GoPrint(compatibility);
            ValueTree.MergeInto(profile, ChartProfile("profile-compatibility-version-" + version, "unknown compatibility version " + version));
        }
        var platform = Coalesce(ValueTree.Get(userValues, "platform"), ValueTree.Get(userValues, "global", "platform"));
        if (platform is not null) ValueTree.MergeInto(profile, ChartProfile("profile-platform-" + platform, "unknown platform " + platform));
        ValueTree.MergeInto(defaults, profile);
        ValueTree.MergeInto(defaults, userValues);
        if (defaults["pilot"] is JsonObject pilot) ValueTree.MergeInto(defaults, (JsonObject)pilot.DeepClone());
        return defaults;
    }

    /// <summary>Sprig's <c>coalesce</c>: the first non-empty value, printed as a file name part.</summary>
    private static string? Coalesce(params JsonNode?[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (ValueTree.IsTruthy(candidate)) return ValueTree.GoPrint(candidate);
        }
        return null;
    }

    private static JsonObject ChartProfile(string file, string failure)
    {
        var text = file.Contains('/') || file.Contains('\\') ? null : ChartResources.ChartFile(file + ".yaml");
        if (text is null) throw new InstallInputException($"values: {failure} (no chart file files/{file}.yaml)");
        return GoYaml.ToJson(text) as JsonObject ?? new JsonObject();
    }
}
