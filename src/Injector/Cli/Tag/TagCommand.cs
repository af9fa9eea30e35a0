using Injector.Cli.Shared;
using Injector.Common;
using Injector.Install.Manifests;
using Injector.Install.Tags;
using Injector.Install.Yaml;
using Injector.Webhooks;

namespace Injector.Cli.Tag;

/// <summary>The tag actions: ask <see cref="TagPlanner"/>, apply through <see cref="TagClient"/>, report.</summary>
internal static class TagCommand
{
    public static async Task<int> SetAsync(TagSetSettings settings, CommandIo io, CancellationToken ct)
    {
        var client = new TagClient(settings.Connection.Connect());
        var configurations = await client.WebhookConfigurationsAsync(ct).ConfigureAwait(false);
        var plan = TagPlanner.PlanSet(settings.Tag, settings.Revision, settings.Overwrite, configurations);
        await client.ApplyAsync(plan, configurations, ct).ConfigureAwait(false);
        foreach (var c in plan.Deactivated)
        {
            io.Out.WriteLine($"deactivated the default entries of mutatingwebhookconfiguration/{JsonFields.Name(c)}");
        }
        io.Out.WriteLine($"mutatingwebhookconfiguration/{plan.Tag.Name} {(plan.ReplacesExisting ? "updated" : "created")}: " +
            $"tag {settings.Tag} -> revision {settings.Revision} ({plan.Tag.Webhooks[0].ClientConfig.Describe()})");
        return ExitCodes.Ok;
    }

    public static async Task<int> ListAsync(TagListSettings settings, CommandIo io, CancellationToken ct)
    {
        var client = new TagClient(settings.Connection.Connect());
        var rows = new List<(TagInfo Tag, IReadOnlyList<string> Namespaces)>();
        foreach (var tag in TagPlanner.Tags(await client.WebhookConfigurationsAsync(ct).ConfigureAwait(false)))
        {
            rows.Add((tag, await client.NamespacesSelectingAsync(tag.Tag, ct).ConfigureAwait(false)));
        }
        JsonOutput.Listing(io.Out, settings.Output,
            output => TableWriter.Write(output, ["TAG", "REVISION", "NAMESPACES"],
                rows.Select(r => (IReadOnlyList<string>)[r.Tag.Tag, r.Tag.Revision, r.Namespaces.Count == 0 ? "-" : string.Join(",", r.Namespaces)])),
            writer =>
            {
                // istioctl's field names: tag, revision, namespaces.
                writer.WriteStartArray();
                foreach (var (tag, namespaces) in rows)
                {
                    writer.WriteStartObject();
                    writer.WriteString("tag", tag.Tag);
                    writer.WriteString("revision", tag.Revision);
                    writer.WriteStartArray("namespaces");
                    foreach (var ns in namespaces) writer.WriteStringValue(ns);
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            });
        return ExitCodes.Ok;
    }

    public static async Task<int> RemoveAsync(TagRemoveSettings settings, CommandIo io, CancellationToken ct)
    {
        var client = new TagClient(settings.Connection.Connect());
        var config = TagPlanner.PlanRemove(settings.Tag, settings.Force,
            await client.WebhookConfigurationsAsync(ct).ConfigureAwait(false), await client.NamespacesSelectingAsync(settings.Tag, ct).ConfigureAwait(false));
        await client.DeleteAsync(config.Name, ct).ConfigureAwait(false);
        io.Out.WriteLine($"mutatingwebhookconfiguration/{config.Name} deleted");
        return ExitCodes.Ok;
    }

    public static async Task<int> GenerateAsync(TagGenerateSettings settings, CommandIo io, CancellationToken ct)
    {
        if (settings.WebhooksFile is not null && settings.FromCluster) throw CommandException.BadInput("give --webhooks or --from-cluster, not both");
        IReadOnlyList<WebhookConfiguration>? configurations = null;
        if (settings.WebhooksFile is { } file)
        {
            if (!File.Exists(file)) throw CommandException.BadInput("webhooks file not found: " + file);
            configurations = WebhookJsonReader.ReadAll(await File.ReadAllTextAsync(file, ct).ConfigureAwait(false));
        }
        else if (settings.FromCluster)
        {
            configurations = await settings.Connection.Connect().ListWebhookConfigurationsAsync(ct).ConfigureAwait(false);
        }

        // Built rather than copied: the flags describe our own install of the revision, and are checked as manifest's.
        var options = new ManifestOptions(settings.Revision)
        {
            Namespace = settings.Namespace,
            ReinvocationPolicy = settings.ReinvocationPolicy,
            TimeoutSeconds = settings.TimeoutSeconds,
        };
        if (configurations is null && ManifestValidator.Validate(options) is { Count: > 0 } errors)
        {
            throw CommandException.BadInput(string.Join("\n", errors));
        }
        var tag = TagPlanner.PlanGenerate(settings.Tag, settings.Revision, configurations, ManifestRenderer.WebhookSettingsFor(options));
        await io.Out.WriteAsync(YamlDocumentWriter.Write([YamlFromJson.Map(WebhookJsonWriter.Write(tag))],
            "Tag " + settings.Tag + " -> revision " + settings.Revision + ". Generated by `injector tag generate`." +
            (settings.Tag == WebhookConfigurationBuilder.DefaultTag
                ? "\nApplying this does not deactivate the previous default webhook; `injector tag set default` does."
                : string.Empty))).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
