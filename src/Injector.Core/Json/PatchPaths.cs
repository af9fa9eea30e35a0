using System.Text.Json;

namespace Injector.Json;

/// <summary>
/// The fixed JSON-Pointer paths of the patch, encoded once: the writer copies them as they are, with no transcoding
/// or escape scan per request. Paths with a pod-supplied token are built per request (<see cref="PatchWriter"/>).
/// </summary>
internal static class PatchPaths
{
    public static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("/metadata");
    public static readonly JsonEncodedText Labels = JsonEncodedText.Encode("/metadata/labels");
    public static readonly JsonEncodedText Annotations = JsonEncodedText.Encode("/metadata/annotations");
    public static readonly JsonEncodedText Spec = JsonEncodedText.Encode("/spec");
    public static readonly JsonEncodedText InitContainers = JsonEncodedText.Encode("/spec/initContainers");
    public static readonly JsonEncodedText InitContainersAppend = JsonEncodedText.Encode("/spec/initContainers/-");
    public static readonly JsonEncodedText Containers = JsonEncodedText.Encode("/spec/containers");
    public static readonly JsonEncodedText ContainersAppend = JsonEncodedText.Encode("/spec/containers/-");
    public static readonly JsonEncodedText Volumes = JsonEncodedText.Encode("/spec/volumes");
    public static readonly JsonEncodedText VolumesAppend = JsonEncodedText.Encode("/spec/volumes/-");
    public static readonly JsonEncodedText ImagePullSecrets = JsonEncodedText.Encode("/spec/imagePullSecrets");
    public static readonly JsonEncodedText ImagePullSecretsAppend = JsonEncodedText.Encode("/spec/imagePullSecrets/-");
    public static readonly JsonEncodedText SecurityContext = JsonEncodedText.Encode("/spec/securityContext");
    public static readonly JsonEncodedText Sysctls = JsonEncodedText.Encode("/spec/securityContext/sysctls");
    public static readonly JsonEncodedText SysctlsAppend = JsonEncodedText.Encode("/spec/securityContext/sysctls/-");

    /// <summary>Prefixes of array element paths, as UTF-8 (see <see cref="PatchWriter.BeginAt(bool, ReadOnlySpan{byte}, int, ReadOnlySpan{byte})"/>).</summary>
    public static ReadOnlySpan<byte> InitContainerPrefix => "/spec/initContainers/"u8;
    public static ReadOnlySpan<byte> ContainerPrefix => "/spec/containers/"u8;
}
