using System.Globalization;
using System.Text.Json;
using Injector.Cli.Shared;
using Injector.Common;
using Injector.Operations.Census;
using Injector.Webhooks;

namespace Injector.Cli.Revision.List;

/// <summary>The census: reads webhook configurations, namespaces, pods and injector readiness, then prints two tables (or one JSON object).</summary>
internal static class RevisionListCommand
{
    public static async Task<int> RunAsync(RevisionListSettings settings, CommandIo io, CancellationToken ct)
    {
        var cluster = settings.Connection.Connect();
        var catalog = new RevisionCatalog(await cluster.ListWebhookConfigurationsAsync(ct).ConfigureAwait(false));

        var namespaces = new List<(string, IReadOnlyDictionary<string, string>)>();
        foreach (var ns in await cluster.ListNamespacesAsync(ct).ConfigureAwait(false))
        {
            namespaces.Add((JsonFields.Name(ns), JsonFields.Labels(ns)));
        }
        var podRevisions = new List<string>();
        var attached = new List<(string, string?, string)>();
        foreach (var pod in await cluster.ListAllPodsAsync(ct).ConfigureAwait(false))
        {
            var revision = RevisionCensus.PodRevision(JsonFields.Annotations(pod));
            if (revision is not null) podRevisions.Add(revision);
            if (ProxyControlPlane.Address(pod) is { } address) attached.Add((address, revision, JsonFields.Namespace(pod) ?? ""));
        }
        var readiness = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var revision in catalog.Revisions)
        {
            readiness[revision] = await cluster.IsInjectorReadyAsync(settings.InstallNamespace, revision, ct).ConfigureAwait(false);
        }

        var summaries = RevisionCensus.Build(catalog, namespaces, podRevisions, readiness);
        var controlPlanes = ControlPlaneSummary.Group(attached);
        JsonOutput.Listing(io.Out, settings.Output, output => WriteTables(output, summaries, controlPlanes), writer => WriteJson(writer, summaries, controlPlanes));
        return ExitCodes.Ok;
    }

    private static void WriteTables(TextWriter output, IReadOnlyList<RevisionSummary> summaries, IReadOnlyList<ControlPlaneSummary> controlPlanes)
    {
        if (summaries.Count == 0)
        {
            output.WriteLine("No revisions found (no MutatingWebhookConfigurations labelled app=sidecar-injector, no injected pods).");
        }
        else
        {
            TableWriter.Write(output, ["REVISION", "TAGS", "WEBHOOK", "READY", "PODS", "NAMESPACES"],
                summaries.Select(s => (IReadOnlyList<string>)[
                    s.Revision,
                    List(s.Tags),
                    s.HasWebhook ? "yes" : "no",
                    s.Ready ? "yes" : "no",
                    s.Pods.ToString(CultureInfo.InvariantCulture),
                    List(s.Namespaces)]));
        }
        if (controlPlanes.Count == 0) return;
        output.WriteLine();
        TableWriter.Write(output, ["CONTROL PLANE", "PODS", "REVISIONS", "NAMESPACES"],
            controlPlanes.Select(c => (IReadOnlyList<string>)[c.Address, c.Pods.ToString(CultureInfo.InvariantCulture), List(c.Revisions), List(c.Namespaces)]));
    }

    private static void WriteJson(Utf8JsonWriter writer, IReadOnlyList<RevisionSummary> summaries, IReadOnlyList<ControlPlaneSummary> controlPlanes)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("revisions");
        foreach (var s in summaries)
        {
            writer.WriteStartObject();
            writer.WriteString("revision", s.Revision);
            Strings(writer, "tags", s.Tags);
            writer.WriteBoolean("webhook", s.HasWebhook);
            writer.WriteBoolean("ready", s.Ready);
            writer.WriteNumber("pods", s.Pods);
            Strings(writer, "namespaces", s.Namespaces);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("controlPlanes");
        foreach (var c in controlPlanes)
        {
            writer.WriteStartObject();
            writer.WriteString("address", c.Address);
            writer.WriteNumber("pods", c.Pods);
            Strings(writer, "revisions", c.Revisions);
            Strings(writer, "namespaces", c.Namespaces);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }

    private static string List(IReadOnlyList<string> values) => values.Count == 0 ? "-" : string.Join(",", values);
}
