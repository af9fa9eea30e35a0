using System.CommandLine;
using Injector.Operations;
using Injector.Operations.Census;
using Injector.Operations.Output;

namespace Injector.Cli.Revision.List;

internal static class RevisionListCommand
{
    public static async Task<int> RunAsync(RevisionListCommandDefinition.Options options, ParseResult parseResult, TextWriter output, CancellationToken ct)
    {
        var cluster = options.Connection.Connect(parseResult);
        var installNamespace = parseResult.GetValue(options.InstallNamespace)!;
        var catalog = new RevisionCatalog(await cluster.ListWebhookConfigurationsAsync(ct).ConfigureAwait(false));

        var namespaces = new List<(string, IReadOnlyDictionary<string, string>)>();
        foreach (var ns in await cluster.ListNamespacesAsync(ct).ConfigureAwait(false))
        {
            namespaces.Add((JsonFields.Name(ns), JsonFields.Labels(ns)));
        }
        var podRevisions = new List<string>();
        foreach (var pod in await cluster.ListAllPodsAsync(ct).ConfigureAwait(false))
        {
            if (RevisionCensus.PodRevision(JsonFields.Annotations(pod)) is { } revision) podRevisions.Add(revision);
        }
        var readiness = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var revision in catalog.Revisions)
        {
            readiness[revision] = await cluster.IsInjectorReadyAsync(installNamespace, revision, ct).ConfigureAwait(false);
        }

        var summaries = RevisionCensus.Build(catalog, namespaces, podRevisions, readiness);
        if (parseResult.GetValue(options.Output) == OutputFormat.Json) WriteJson(output, summaries);
        else WriteTable(output, summaries);
        return 0;
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<RevisionSummary> summaries)
    {
        if (summaries.Count == 0)
        {
            output.WriteLine("No revisions found (no MutatingWebhookConfigurations labelled app=sidecar-injector, no injected pods).");
            return;
        }
        TableWriter.Write(output, ["REVISION", "TAGS", "WEBHOOK", "READY", "PODS", "NAMESPACES"],
            summaries.Select(s => (IReadOnlyList<string>)[
                s.Revision,
                s.Tags.Count == 0 ? "-" : string.Join(",", s.Tags),
                s.HasWebhook ? "yes" : "no",
                s.Ready ? "yes" : "no",
                s.Pods.ToString(System.Globalization.CultureInfo.InvariantCulture),
                s.Namespaces.Count == 0 ? "-" : string.Join(",", s.Namespaces)]));
    }

    private static void WriteJson(TextWriter output, IReadOnlyList<RevisionSummary> summaries) => JsonOutput.Write(output, writer =>
    {
        writer.WriteStartArray();
        foreach (var s in summaries)
        {
            writer.WriteStartObject();
            writer.WriteString("revision", s.Revision);
            writer.WriteStartArray("tags");
            foreach (var tag in s.Tags) writer.WriteStringValue(tag);
            writer.WriteEndArray();
            writer.WriteBoolean("webhook", s.HasWebhook);
            writer.WriteBoolean("ready", s.Ready);
            writer.WriteNumber("pods", s.Pods);
            writer.WriteStartArray("namespaces");
            foreach (var ns in s.Namespaces) writer.WriteStringValue(ns);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    });
}
