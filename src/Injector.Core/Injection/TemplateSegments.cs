using System.Buffers;
using System.Text.Json;

namespace Injector.Injection;

/// <summary>
/// The revision-static JSON of the templates, rendered once at compile time. Each entry is one complete JSON value
/// produced by our own writer, so requests splice it with <c>WriteRawValue(skipInputValidation: true)</c>.
/// </summary>
internal sealed class TemplateSegments
{
    public required byte[][] SidecarVolumes { get; init; }
    public required string[] SidecarVolumeNames { get; init; }
    public required byte[][] SidecarVolumeMounts { get; init; }
    public required byte[][] GatewayVolumes { get; init; }
    public required string[] GatewayVolumeNames { get; init; }
    public required byte[][] GatewayVolumeMounts { get; init; }
    public required byte[][] GrpcVolumes { get; init; }
    public required string[] GrpcVolumeNames { get; init; }
    public required byte[][] GrpcVolumeMounts { get; init; }

    /// <summary>The volume names of a template flavour: gateway, grpc-agent, else sidecar.</summary>
    public string[] VolumeNames(bool gateway, bool grpcAgent) => gateway ? GatewayVolumeNames : grpcAgent ? GrpcVolumeNames : SidecarVolumeNames;

    /// <summary>grpc-agent: what each app container gets, so gRPC's xDS client finds the agent's bootstrap and certs.</summary>
    public required (string Name, byte[] Json)[] GrpcAppMounts { get; init; }
    public required (string Name, byte[] Json)[] GrpcAppEnv { get; init; }

    /// <summary>grpc-simple: the bootstrap-writing init container, its volume, and what each app container gets.</summary>
    public required byte[] GrpcSimpleInit { get; init; }
    public required byte[] GrpcSimpleVolume { get; init; }
    public required (string Name, byte[] Json)[] GrpcSimpleAppEnv { get; init; }
    public required (string Name, byte[] Json)[] GrpcSimpleAppMounts { get; init; }
    public required (string Name, byte[] Json)[] GrpcBothAppEnv { get; init; }
    public required (string Name, byte[] Json)[] GrpcBothAppMounts { get; init; }

    /// <summary>PILOT_CERT_PROVIDER .. HOST_IP: the env entries every proxy starts with.</summary>
    public required byte[][] EnvHead { get; init; }
    public required byte[] CpuLimitEnv { get; init; }
    public required byte[] MemoryLimitEnv { get; init; }
    public required byte[] NodeNameEnv { get; init; }
    public required byte[] ProxyPorts { get; init; }

    public static TemplateSegments Render(CompiledRevision revision)
    {
        var sidecar = new (string Name, Action<Utf8JsonWriter> Body)[]
        {
            ("workload-socket", w => EmptyDir(w, null)),
            ("credential-socket", w => EmptyDir(w, null)),
            ("workload-certs", w => EmptyDir(w, null)),
            ("istio-envoy", w => EmptyDir(w, "Memory")),
            ("istio-data", w => EmptyDir(w, null)),
            ("istio-podinfo", PodInfo),
            ("istio-token", Token),
            ("istiod-ca-cert", w => ConfigMap(w, "istio-ca-root-cert", optional: false)),
            ("istio-ca-crl", w => ConfigMap(w, "istio-ca-crl", optional: true)),
        };
        var gateway = sidecar[..8];
        var sidecarMounts = new (string Name, string Path)[]
        {
            ("workload-socket", "/var/run/secrets/workload-spiffe-uds"),
            ("credential-socket", "/var/run/secrets/credential-uds"),
            ("workload-certs", "/var/run/secrets/workload-spiffe-credentials"),
            ("istiod-ca-cert", "/var/run/secrets/istio"),
            ("istio-ca-crl", "/var/run/secrets/istio/crl"),
            ("istio-data", "/var/lib/istio/data"),
            ("istio-envoy", "/etc/istio/proxy"),
            ("istio-token", "/var/run/secrets/tokens"),
            ("istio-podinfo", "/etc/istio/pod"),
        };
        var grpc = new (string Name, Action<Utf8JsonWriter> Body)[]
        {
            sidecar[0], sidecar[2], ("istio-xds", w => EmptyDir(w, "Memory")), sidecar[4], sidecar[5], sidecar[6], sidecar[7],
        };
        var grpcMounts = new (string Name, string Path)[]
        {
            sidecarMounts[0], sidecarMounts[2], sidecarMounts[3], sidecarMounts[5], ("istio-xds", "/etc/istio/proxy"), sidecarMounts[7], sidecarMounts[8],
        };
        var grpcAppMounts = new (string Name, string Path)[]
        {
            ("istio-data", "/var/lib/istio/data"), ("istio-xds", "/etc/istio/proxy"), ("workload-certs", "/var/run/secrets/workload-spiffe-credentials"),
        };
        var gatewayMounts = new[] { sidecarMounts[0], sidecarMounts[1], sidecarMounts[2], sidecarMounts[3], sidecarMounts[5], sidecarMounts[6], sidecarMounts[7], sidecarMounts[8] };

        var grpcAppEnv = new[]
        {
            ("GRPC_XDS_EXPERIMENTAL_SECURITY_SUPPORT", EnvValue("GRPC_XDS_EXPERIMENTAL_SECURITY_SUPPORT", "true")),
            ("GRPC_XDS_BOOTSTRAP", EnvValue("GRPC_XDS_BOOTSTRAP", "/etc/istio/proxy/grpc-bootstrap.json")),
        };
        var grpcAppMountSegments = Array.ConvertAll(grpcAppMounts, m => (m.Name, Mount(m.Name, m.Path)));
        var simpleEnv = GrpcSimpleWriter.RenderAppEnv();
        (string, byte[])[] simpleMounts = [(GrpcSimpleWriter.VolumeName, Mount(GrpcSimpleWriter.VolumeName, GrpcSimpleWriter.BootstrapDirectory))];

        return new TemplateSegments
        {
            SidecarVolumes = Array.ConvertAll(sidecar, v => Volume(v.Name, v.Body)),
            SidecarVolumeNames = Array.ConvertAll(sidecar, v => v.Name),
            SidecarVolumeMounts = Array.ConvertAll(sidecarMounts, m => Mount(m.Name, m.Path)),
            GatewayVolumes = Array.ConvertAll(gateway, v => Volume(v.Name, v.Body)),
            GatewayVolumeNames = Array.ConvertAll(gateway, v => v.Name),
            GatewayVolumeMounts = Array.ConvertAll(gatewayMounts, m => Mount(m.Name, m.Path)),
            GrpcVolumes = Array.ConvertAll(grpc, v => Volume(v.Name, v.Body)),
            GrpcVolumeNames = Array.ConvertAll(grpc, v => v.Name),
            GrpcVolumeMounts = Array.ConvertAll(grpcMounts, m => Mount(m.Name, m.Path)),
            GrpcAppMounts = grpcAppMountSegments,
            GrpcAppEnv = grpcAppEnv,
            GrpcSimpleInit = GrpcSimpleWriter.RenderInit(revision),
            GrpcSimpleVolume = Volume(GrpcSimpleWriter.VolumeName, w => EmptyDir(w, null)),
            GrpcSimpleAppEnv = simpleEnv,
            GrpcSimpleAppMounts = simpleMounts,
            GrpcBothAppEnv = GrpcSimpleWriter.Combine(grpcAppEnv, simpleEnv),
            GrpcBothAppMounts = GrpcSimpleWriter.Combine(grpcAppMountSegments, simpleMounts),
            EnvHead =
            [
                EnvValue("PILOT_CERT_PROVIDER", "istiod"),
                EnvValue("CA_ADDR", revision.CaAddress),
                EnvField("POD_NAME", "metadata.name"),
                EnvField("POD_NAMESPACE", "metadata.namespace"),
                EnvField("INSTANCE_IP", "status.podIP"),
                EnvField("SERVICE_ACCOUNT", "spec.serviceAccountName"),
                EnvField("HOST_IP", "status.hostIP"),
            ],
            CpuLimitEnv = EnvResource("ISTIO_CPU_LIMIT", "limits.cpu"),
            MemoryLimitEnv = EnvResource("GOMEMLIMIT", "limits.memory"),
            NodeNameEnv = EnvField("ISTIO_META_NODE_NAME", "spec.nodeName"),
            ProxyPorts = Render(w =>
            {
                w.WriteStartArray();
                w.WriteStartObject();
                w.WriteNumber("containerPort", 15090);
                w.WriteString("protocol", "TCP");
                w.WriteString("name", "http-envoy-prom");
                w.WriteEndObject();
                w.WriteEndArray();
            }),
        };
    }

    public static byte[] Render(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Volume(string name, Action<Utf8JsonWriter> body) => Render(w =>
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        body(w);
        w.WriteEndObject();
    });

    private static byte[] Mount(string name, string path) => Render(w =>
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("mountPath", path);
        w.WriteEndObject();
    });

    private static void EmptyDir(Utf8JsonWriter w, string? medium)
    {
        w.WriteStartObject("emptyDir");
        if (medium is not null) w.WriteString("medium", medium);
        w.WriteEndObject();
    }

    private static void PodInfo(Utf8JsonWriter w)
    {
        w.WriteStartObject("downwardAPI");
        w.WriteStartArray("items");
        foreach (var (path, field) in new[] { ("labels", "metadata.labels"), ("annotations", "metadata.annotations") })
        {
            w.WriteStartObject();
            w.WriteString("path", path);
            w.WriteStartObject("fieldRef");
            w.WriteString("fieldPath", field);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Token(Utf8JsonWriter w)
    {
        w.WriteStartObject("projected");
        w.WriteStartArray("sources");
        w.WriteStartObject();
        w.WriteStartObject("serviceAccountToken");
        w.WriteString("path", "istio-token");
        w.WriteNumber("expirationSeconds", 43200);
        w.WriteString("audience", "istio-ca");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void ConfigMap(Utf8JsonWriter w, string name, bool optional)
    {
        w.WriteStartObject("configMap");
        w.WriteString("name", name);
        if (optional) w.WriteBoolean("optional", true);
        w.WriteEndObject();
    }

    public static byte[] EnvValue(string name, string value) => Render(w =>
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("value", value);
        w.WriteEndObject();
    });

    public static byte[] EnvField(string name, string fieldPath) => Render(w =>
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteStartObject("valueFrom");
        w.WriteStartObject("fieldRef");
        w.WriteString("fieldPath", fieldPath);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static byte[] EnvResource(string name, string resource) => Render(w =>
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteStartObject("valueFrom");
        w.WriteStartObject("resourceFieldRef");
        w.WriteString("resource", resource);
        w.WriteString("divisor", "1");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });
}
