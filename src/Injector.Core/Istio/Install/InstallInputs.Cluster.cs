namespace Injector.Istio.Install;

public static partial class InstallInputs
{
    /// <summary>
    /// A running install's ConfigMaps as read from the API server (<c>serve --from-cluster</c>): the <c>config</c> and
    /// <c>values</c> data of <c>istio-sidecar-injector[-REV]</c> and the <c>mesh</c> data of <c>istio[-REV]</c> (null: the
    /// chart's default mesh for the values' revision), taken as istiod takes them.
    /// </summary>
    public static InstallTexts FromConfigMapData(string config, string values, string? mesh, string source)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(values);
        InstallFiles.CheckConfig(config, source);
        var parsed = InstallFiles.ParseValues(values, source);
        return Complete(parsed, values, config, mesh, source);
    }
}
