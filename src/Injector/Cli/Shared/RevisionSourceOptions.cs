using System.CommandLine;
using Injector.Revisions;

namespace Injector.Cli.Shared;

/// <summary>
/// Where a command's revisions come from, the same flags for <c>serve</c>, <c>kube-inject</c> and <c>diff</c>:
/// <c>--operator-file</c> and <c>--set</c> (Istio's install inputs, as istioctl takes them), <c>--inject-config-dir</c>
/// and <c>--mesh-config</c> (what a running istiod reads), or <c>--config</c> (this project's revision YAML, a front end
/// onto the same model); with none, the embedded default. <c>kube-inject</c> also takes istioctl's
/// <c>--injectConfigFile</c>, <c>--valuesFile</c> and <c>--meshConfigFile</c>.
/// </summary>
internal sealed class RevisionSourceOptions
{
    private readonly Option<string?> _config;
    private readonly Option<string[]> _operatorFiles = new("--operator-file")
    {
        Description = "IstioOperator file (spec.values, spec.meshConfig, spec.revision, spec.hub/tag, spec.components.cni); "
            + "repeat to apply several in order, or give one directory holding one revision per file",
        AllowMultipleArgumentsPerToken = false,
    };
    private readonly Option<string[]> _sets = new("--set")
    {
        Description = "PATH=VALUE in IstioOperator paths, applied after the files (values.global.proxy.image=x, "
            + "meshConfig.defaultConfig.drainDuration=23s, components.cni.enabled=true, revision=canary); repeatable",
    };
    private readonly Option<string?> _injectConfigDir = new("--inject-config-dir")
    {
        Description = "Directory holding an install's istio-sidecar-injector[-REV] ConfigMap as mounted (files config and values)",
    };
    private readonly Option<string?> _meshConfig;
    private readonly Option<string?>? _injectConfigFile;
    private readonly Option<string?>? _valuesFile;
    private readonly Option<string?> _revision;

    private RevisionSourceOptions(Option<string?> config, Option<string?> meshConfig, Option<string?> revision, bool kubeInject)
    {
        _config = config;
        _meshConfig = meshConfig;
        _revision = revision;
        if (kubeInject)
        {
            _injectConfigFile = new Option<string?>("--injectConfigFile")
            {
                Description = "istioctl's flag: the injection config (the ConfigMap's config data, or the whole ConfigMap)",
            };
            _valuesFile = new Option<string?>("--valuesFile")
            {
                Description = "istioctl's flag: the injection values (the ConfigMap's values data, or the whole ConfigMap)",
            };
        }
    }

    /// <summary>The flags as <c>serve</c> takes them; the single-valued ones have <c>INJECTOR_*</c> environment twins.</summary>
    public static RevisionSourceOptions ForServe() => new(
        Serve.EnvironmentOption.CreateString("--config", "INJECTOR_CONFIG",
            "This project's revision YAML: a file or a directory of them (a front end onto --operator-file's model)"),
        Serve.EnvironmentOption.CreateString("--mesh-config", "INJECTOR_MESH_CONFIG",
            "An install's mesh config (the mesh key of ConfigMap istio[-REV]), with --inject-config-dir"),
        Serve.EnvironmentOption.CreateString("--revision", "INJECTOR_REVISION",
            "Revision served on /inject (default: the one the inputs name; 'default' when they name none)"),
        kubeInject: false);

    /// <summary>The flags as <c>kube-inject</c> takes them, istioctl's three file flags included.</summary>
    public static RevisionSourceOptions ForKubeInject() => new(
        new Option<string?>("--config") { Description = "This project's revision YAML: a file or a directory of them" },
        new Option<string?>("--mesh-config", "--meshConfigFile") { Description = "An install's mesh config (the mesh key of ConfigMap istio[-REV])" },
        new Option<string?>("--revision") { Description = "Revision to inject (default: the one the inputs name)" },
        kubeInject: true);

    public void AddTo(Command command)
    {
        command.Options.Add(_operatorFiles);
        command.Options.Add(_sets);
        command.Options.Add(_config);
        command.Options.Add(_injectConfigDir);
        command.Options.Add(_meshConfig);
        if (_injectConfigFile is not null) command.Options.Add(_injectConfigFile);
        if (_valuesFile is not null) command.Options.Add(_valuesFile);
        command.Options.Add(_revision);
    }

    public RevisionSource Bind(ParseResult parse) => new()
    {
        ConfigPath = parse.GetValue(_config),
        OperatorFiles = parse.GetValue(_operatorFiles) ?? [],
        Sets = parse.GetValue(_sets) ?? [],
        InjectConfigDir = parse.GetValue(_injectConfigDir),
        MeshConfigFile = parse.GetValue(_meshConfig),
        InjectConfigFile = _injectConfigFile is null ? null : parse.GetValue(_injectConfigFile),
        ValuesFile = _valuesFile is null ? null : parse.GetValue(_valuesFile),
        Revision = parse.GetValue(_revision),
    };

    /// <summary><c>--config</c> alone, for commands that compare revisions of one file set (<c>diff</c>).</summary>
    public static Option<string?> Config(string description) => new("--config") { Description = description };
}
