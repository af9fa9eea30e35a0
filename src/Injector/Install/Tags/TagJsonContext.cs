using System.Text.Json.Serialization;
using k8s.Models;

namespace Injector.Install.Tags;

/// <summary>
/// The only Kubernetes types the tag commands (de)serialize. A small context of our own instead of the client's
/// KubernetesJson, whose context covers every Kubernetes model and roots them all in the AOT binary (~14 MB).
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(V1MutatingWebhookConfiguration))]
[JsonSerializable(typeof(V1MutatingWebhookConfigurationList))]
[JsonSerializable(typeof(V1LabelSelector))]
internal sealed partial class TagJsonContext : JsonSerializerContext;
