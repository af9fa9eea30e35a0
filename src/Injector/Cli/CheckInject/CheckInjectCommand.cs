using Injector.Cli.Shared;
using Injector.Common;
using Injector.Operations.CheckInject;
using Injector.Webhooks;

namespace Injector.Cli.CheckInject;

/// <summary>Evaluates every injector webhook for one pod; more than one injecting webhook is Istio's IST0139 and fails (exit 1).</summary>
internal static class CheckInjectCommand
{
    public static async Task<int> RunAsync(CheckInjectSettings settings, CommandIo io, CancellationToken ct)
    {
        var podLabels = settings.PodLabels;
        IReadOnlyList<WebhookConfiguration> webhooks;
        IReadOnlyDictionary<string, string> namespaceLabels;

        if (settings.WebhooksFile is { } file)
        {
            if (settings.Pod is not null) throw CommandException.BadInput("offline mode (--webhooks) checks a hypothetical pod: give --pod-labels instead of a pod name");
            // Checked here because the AOT build strips exception messages to resource keys (UseSystemResourceKeys).
            if (!File.Exists(file)) throw CommandException.BadInput("webhooks file not found: " + file);
            webhooks = WebhookJsonReader.ReadAll(await File.ReadAllTextAsync(file, ct).ConfigureAwait(false));
            namespaceLabels = settings.NamespaceLabels;
        }
        else
        {
            if (settings.Pod is not null && podLabels.Count > 0) throw CommandException.BadInput("give either a pod name or -l labels, not both");
            var cluster = settings.Connection.Connect();
            webhooks = await cluster.ListWebhookConfigurationsAsync(ct).ConfigureAwait(false);
            namespaceLabels = JsonFields.Labels(await cluster.GetNamespaceAsync(settings.Namespace, ct).ConfigureAwait(false));
            if (settings.Pod is { } pod)
            {
                podLabels = JsonFields.Labels(await cluster.GetPodAsync(settings.Namespace, pod, ct).ConfigureAwait(false));
            }
        }

        var check = WebhookEvaluator.Evaluate(webhooks, settings.Namespace, namespaceLabels, podLabels);
        JsonOutput.Listing(io.Out, settings.Output, output => WriteTable(output, check), writer =>
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

        if (check.HasConflict) throw CommandException.Failure(check.ConflictMessage);
        return ExitCodes.Ok;
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
}
