using System.Text.Json.Nodes;
using Injector.Istio.Mesh;
using Injector.Limits;

namespace Injector.Rendering;

/// <summary>Istio's <c>InjectionParameters</c>: everything <c>injectPod</c> reads for one pod.</summary>
internal sealed class InjectionRequest
{
    /// <summary>The typed pod (normalized, namespace filled in), as the webhook or kube-inject built it.</summary>
    public required JsonObject Pod { get; init; }
    public required string DeployName { get; init; }
    public required string DeployNamespace { get; init; }
    public required string Kind { get; init; }
    public required string ApiVersion { get; init; }
    public NamespaceFacts? Namespace { get; init; }
    public required bool NativeSidecar { get; init; }
    public required IReadOnlyList<string> DefaultTemplates { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Aliases { get; init; }
    public required MeshConfig Mesh { get; init; }
    public required ProxyConfig ProxyConfig { get; init; }
    public required string Revision { get; init; }
    public required Dictionary<string, string> ProxyEnvs { get; init; }
    public required IReadOnlyDictionary<string, string> InjectedAnnotations { get; init; }
    public required WorkBudget Budget { get; init; }

    /// <summary>Template limits whose step callback spends from <see cref="Budget"/>.</summary>
    public Templates.TemplateExecutionLimits TemplateLimits => templateLimits ??= Budget == WorkBudget.Unlimited
        ? Templates.TemplateExecutionLimits.Default
        : Templates.TemplateExecutionLimits.Default with { OnSteps = Budget.Spend };

    private Templates.TemplateExecutionLimits? templateLimits;
}

/// <summary>Injection failed with Istio's error text (the webhook denies with it, kube-inject reports it).</summary>
internal sealed class RenderException(string message) : Exception(message);
