using System.Text.Json.Serialization;
using k8s.Models;

namespace Injector.Install.Tags;

/// <summary>
/// The only Kubernetes types the tag commands (de)serialize, converted from and to the JsonObjects of
/// <see cref="Injector.Kubernetes.KubeApi"/> in <see cref="TagClient"/>. A small context of our own instead of the
/// client's KubernetesJson, which roots every Kubernetes model in the AOT binary (see KubeClientFactory).
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(V1MutatingWebhookConfiguration))]
[JsonSerializable(typeof(V1LabelSelector))]
internal sealed partial class TagJsonContext : JsonSerializerContext;
