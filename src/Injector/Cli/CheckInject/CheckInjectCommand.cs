using System.CommandLine;
using Injector.Operations;
using Injector.Operations.Output;
using Injector.Operations.Webhooks;

namespace Injector.Cli.CheckInject;

internal static class CheckInjectCommand
{
    /// <summary>Exit code when more than one webhook would inject the pod (Istio's IST0139).</summary>
    public const int Conflict = 2;

    public static async Task<int> RunAsync(CheckInjectCommandDefinition.Options options, ParseResult parseResult, TextWriter output, CancellationToken ct)
    {
        var ns = parseResult.GetValue(options.Namespace) is { Length: > 0 } n ? n : "default";
        var pod = parseResult.GetValue(options.Pod);
        var podLabels = LabelList.Parse([.. parseResult.GetValue(options.Labels) ?? [], .. parseResult.GetValue(options.PodLabels) ?? []]);
        IReadOnlyList<WebhookConfiguration> webhooks;
        IReadOnlyDictionary<string, string> namespaceLabels;

        if (parseResult.GetValue(options.Webhooks) is { } file)
        {
            if (pod is not null) throw new OperationException("offline mode (--webhooks) checks a hypothetical pod: give --pod-labels instead of a pod name");
            // Checked here because the AOT build strips exception messages to resource keys (UseSystemResourceKeys).
            if (!file.Exists) throw new OperationException("webhooks file not found: " + file.FullName);
            webhooks = WebhookConfigurationReader.FromYaml(await File.ReadAllTextAsync(file.FullName, ct).ConfigureAwait(false));
            namespaceLabels = LabelList.Parse(parseResult.GetValue(options.NamespaceLabels));
        }
        else
        {
            var cluster = options.Connection.Connect(parseResult);
            webhooks = await cluster.ListWebhookConfigurationsAsync(ct).ConfigureAwait(false);
            namespaceLabels = JsonFields.Labels(await cluster.GetNamespaceAsync(ns, ct).ConfigureAwait(false));
            if (pod is not null)
            {
                if (podLabels.Count > 0) throw new OperationException("give either a pod name or -l labels, not both");
                podLabels = new Dictionary<string, string>(JsonFields.Labels(await cluster.GetPodAsync(ns, pod, ct).ConfigureAwait(false)));
            }
        }

        var check = WebhookEvaluator.Evaluate(webhooks, ns, namespaceLabels, podLabels);
        if (parseResult.GetValue(options.Output) == OutputFormat.Json) WriteJson(output, check);
        else WriteTable(output, check);

        if (check.HasConflict)
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync(check.ConflictMessage).ConfigureAwait(false);
            return Conflict;
        }
        return 0;
    }

    private static void WriteTable(TextWriter output, InjectionCheck check)
    {
        if (check.Decisions.Count == 0)
        {
            output.WriteLine("No injector webhooks found (MutatingWebhookConfigurations labelled app=sidecar-injector).");
            return;
        }
        TableWriter.Write(output, ["WEBHOOK", "REVISION", "INJECTED", "REASON"],
            check.Decisions.Select(d => (IReadOnlyList<string>)[
                d.Configuration + "/" + d.Webhook,
                (d.Revision ?? "-") + (d.Tag is { } tag ? " (tag " + tag + ")" : ""),
                d.Injected ? "yes" : "no",
                d.Reason]));
    }

    private static void WriteJson(TextWriter output, InjectionCheck check) => JsonOutput.Write(output, writer =>
    {
        writer.WriteStartArray();
        foreach (var d in check.Decisions)
        {
            writer.WriteStartObject();
            writer.WriteString("webhook", d.Webhook);
            writer.WriteString("configuration", d.Configuration);
            if (d.Revision is null) writer.WriteNull("revision"); else writer.WriteString("revision", d.Revision);
            if (d.Tag is not null) writer.WriteString("tag", d.Tag);
            writer.WriteBoolean("injected", d.Injected);
            writer.WriteString("reason", d.Reason);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    });
}
