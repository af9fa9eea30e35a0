using System.CommandLine;
using Injector.Cli.Shared;

namespace Injector.Cli.Tag;

/// <summary>Shape of <c>injector tag set|list|remove|generate</c>; the work is in <see cref="TagCommand"/>.</summary>
internal static class TagCommandDefinition
{
    public static Command Create()
    {
        return new Command("tag", "Revision tags: stable names (prod, default, ...) that namespaces use instead of revisions.")
        {
            Set(), List(), Remove(), Generate(),
        };
    }

    private static Argument<string> TagName() => new("tag") { Description = "Tag name (a DNS label), e.g. prod or default." };

    private static Option<string> Revision() => new("--revision", "-r") { Description = "Revision the tag points at.", Required = true };

    private static Command Set()
    {
        var connection = new KubeConnectionOptions();
        var tag = TagName();
        var revision = Revision();
        var overwrite = new Option<bool>("--overwrite") { Description = "Move an existing tag to --revision." };
        var command = new Command("set", "Point tag T at revision R (creates webhook configuration injector-revision-tag-T, reaching R as R's own configuration does).")
        {
            tag, revision, overwrite,
        };
        connection.AddTo(command);
        command.SetAction((parse, ct) => CommandHandler.RunAsync(parse, ct,
            p => new TagSetSettings(p.GetRequiredValue(tag), p.GetRequiredValue(revision), p.GetValue(overwrite), connection.Bind(p)),
            TagCommand.SetAsync));
        return command;
    }

    private static Command List()
    {
        var connection = new KubeConnectionOptions();
        var output = OutputFormatOption.Create();
        var command = new Command("list", "List tags: TAG REVISION NAMESPACES.") { output };
        connection.AddTo(command);
        command.SetAction((parse, ct) => CommandHandler.RunAsync(parse, ct,
            p => new TagListSettings(p.GetValue(output), connection.Bind(p)),
            TagCommand.ListAsync));
        return command;
    }

    private static Command Remove()
    {
        var connection = new KubeConnectionOptions();
        var tag = TagName();
        var force = new Option<bool>("--force") { Description = "Remove the tag even while namespaces still use it." };
        var command = new Command("remove", "Delete tag T's webhook configuration.") { tag, force };
        connection.AddTo(command);
        command.SetAction((parse, ct) => CommandHandler.RunAsync(parse, ct,
            p => new TagRemoveSettings(p.GetRequiredValue(tag), p.GetValue(force), connection.Bind(p)),
            TagCommand.RemoveAsync));
        return command;
    }

    private static Command Generate()
    {
        var connection = new KubeConnectionOptions();
        var tag = TagName();
        var revision = Revision();
        var ns = new Option<string>("--namespace", "-n")
        {
            Description = "Namespace of the revision's injector Service, when the tag is built rather than copied.",
            DefaultValueFactory = _ => Istio.IstioNames.IstioSystemNamespace,
        };
        var reinvocationPolicy = new Option<string>("--reinvocation-policy")
        {
            Description = "Webhook reinvocationPolicy, when the tag is built rather than copied.",
            DefaultValueFactory = _ => "Never",
        }.AcceptOnlyFromAmong("Never", "IfNeeded");
        var timeoutSeconds = new Option<int>("--timeout-seconds")
        {
            Description = "Webhook timeoutSeconds, 1-30, when the tag is built rather than copied.",
            DefaultValueFactory = _ => 10,
        };
        var webhooks = new Option<FileInfo?>("--webhooks")
        {
            Description = "Copy revision R's clientConfig from the MutatingWebhookConfigurations in this YAML file (offline).",
        };
        var fromCluster = new Option<bool>("--from-cluster")
        {
            Description = "Copy revision R's clientConfig from its webhook configuration in the cluster (read only).",
        };
        var command = new Command("generate", "Print tag T's webhook configuration as YAML (writes nothing).")
        {
            tag, revision, ns, reinvocationPolicy, timeoutSeconds, webhooks, fromCluster,
        };
        connection.AddTo(command);
        command.SetAction((parse, ct) => CommandHandler.RunAsync(parse, ct,
            p => new TagGenerateSettings(p.GetRequiredValue(tag), p.GetRequiredValue(revision), p.GetValue(ns)!,
                p.GetValue(reinvocationPolicy)!, p.GetValue(timeoutSeconds), p.GetValue(webhooks)?.FullName, p.GetValue(fromCluster), connection.Bind(p)),
            TagCommand.GenerateAsync));
        return command;
    }
}
