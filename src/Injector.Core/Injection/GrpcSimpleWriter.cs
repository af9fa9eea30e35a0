using System.Text.Json;
using Injector.Json;

namespace Injector.Injection;

/// <summary>
/// The <c>grpc-simple</c> template (proxyless gRPC without an agent): a busybox init container writes a gRPC xDS
/// bootstrap file into an emptyDir, and every app container gets that volume plus <c>GRPC_XDS_BOOTSTRAP</c>.
/// Everything but the app-container patching is revision-static and rendered once (see <see cref="TemplateSegments"/>).
/// </summary>
internal static class GrpcSimpleWriter
{
    public const string VolumeName = "grpc-io-proxyless-bootstrap";
    public const string BootstrapDirectory = "/var/lib/grpc/data/";
    public const string BootstrapFile = BootstrapDirectory + "bootstrap.json";
    private const string BusyboxImage = "busybox:1.28";

    // No agent means no mTLS to istiod: the bootstrap uses insecure channel credentials, so it targets istiod's
    // plaintext xDS port rather than the TLS port in the revision's discovery address.
    private const string PlaintextXdsPort = "15010";

    /// <summary>Adds the bootstrap env and mount to every app container, skipping entries already there (re-injection).</summary>
    public static void PatchAppContainers(PatchWriter patch, InjectionPlan plan)
    {
        var segments = plan.Revision.Segments;
        GrpcAgentWriter.PatchAppContainers(patch, plan,
            plan.GrpcAgent ? segments.GrpcBothAppEnv : segments.GrpcSimpleAppEnv,
            plan.GrpcAgent ? segments.GrpcBothAppMounts : segments.GrpcSimpleAppMounts);
    }

    /// <summary>The xDS server: the host of the revision's discovery address (its istiod) on the plaintext port.</summary>
    public static string ServerUri(CompiledRevision revision)
    {
        var address = revision.DiscoveryAddress;
        var colon = address.LastIndexOf(':');
        var host = colon > 0 && address.IndexOf(']') < colon ? address[..colon] : address;
        return "dns:///" + host + ":" + PlaintextXdsPort;
    }

    /// <summary>The shell script: the node id needs the pod's IP, name and namespace, known only inside the pod.</summary>
    public static string Script(CompiledRevision revision)
    {
        var bootstrap = "{\"xds_servers\":[{\"server_uri\":\"" + ServerUri(revision)
            + "\",\"channel_creds\":[{\"type\":\"insecure\"}],\"server_features\":[\"xds_v3\"]}],"
            + "\"node\":{\"id\":\"'\"${NODE_ID}\"'\",\"metadata\":{\"GENERATOR\":\"grpc\"}}}";
        return "NODE_ID=\"sidecar~${INSTANCE_IP}~${POD_NAME}.${POD_NAMESPACE}~" + revision.Config.ClusterDomain + "\"\n"
            + "echo '" + bootstrap + "' > " + BootstrapFile;
    }

    public static byte[] RenderInit(CompiledRevision revision) => TemplateSegments.Render(w =>
    {
        w.WriteStartObject();
        w.WriteString("name", ContainerNames.GrpcBootstrap);
        w.WriteString("image", BusyboxImage);
        w.WriteStartArray("volumeMounts");
        w.WriteStartObject();
        w.WriteString("name", VolumeName);
        w.WriteString("mountPath", BootstrapDirectory);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("env");
        w.WriteRawValue(TemplateSegments.EnvField("INSTANCE_IP", "status.podIP"), skipInputValidation: true);
        w.WriteRawValue(TemplateSegments.EnvField("POD_NAME", "metadata.name"), skipInputValidation: true);
        w.WriteRawValue(TemplateSegments.EnvField("POD_NAMESPACE", "metadata.namespace"), skipInputValidation: true);
        w.WriteEndArray();
        w.WriteStartArray("command");
        w.WriteStringValue("sh");
        w.WriteStringValue("-c");
        w.WriteStringValue(Script(revision));
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>
    /// grpc-agent and grpc-simple together: the agent's entries plus ours, with our <c>GRPC_XDS_BOOTSTRAP</c> winning
    /// (Istio merges templates in list order; we ignore order, and grpc-simple is the one that names a bootstrap file it writes).
    /// </summary>
    public static (string Name, byte[] Json)[] Combine((string Name, byte[] Json)[] agent, (string Name, byte[] Json)[] simple)
    {
        var combined = new List<(string Name, byte[] Json)>(agent.Length + simple.Length);
        foreach (var entry in agent)
        {
            if (Array.FindIndex(simple, s => s.Name == entry.Name) < 0) combined.Add(entry);
        }
        combined.AddRange(simple);
        return [.. combined];
    }

    public static (string Name, byte[] Json)[] RenderAppEnv() =>
    [
        ("GRPC_XDS_BOOTSTRAP", TemplateSegments.EnvValue("GRPC_XDS_BOOTSTRAP", BootstrapFile)),
        ("GRPC_GO_LOG_VERBOSITY_LEVEL", TemplateSegments.EnvValue("GRPC_GO_LOG_VERBOSITY_LEVEL", "99")),
        ("GRPC_GO_LOG_SEVERITY_LEVEL", TemplateSegments.EnvValue("GRPC_GO_LOG_SEVERITY_LEVEL", "info")),
    ];
}
