using System.CommandLine;

namespace Injector.Cli.Tag;

/// <summary>Shape of <c>injector tag set|list|remove|generate</c>; the work is in <see cref="TagCommand"/>.</summary>
internal static class TagCommandDefinition
{
    public static readonly Argument<string> TagName = new("tag") { Description = "Tag name (a DNS label), e.g. prod or default." };

    public static readonly Option<string> Revision = new("--revision", "-r")
    {
        Description = "Revision the tag points at.",
        Required = true,
    };

    public static readonly Option<bool> Overwrite = new("--overwrite") { Description = "Move an existing tag to --revision." };

    public static readonly Option<bool> Force = new("--force") { Description = "Remove the tag even while namespaces still use it." };

    public static readonly Option<string?> Kubeconfig = new("--kubeconfig") { Description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster)." };

    public static readonly Option<string?> Context = new("--context") { Description = "Kubeconfig context." };

    public static readonly Option<string> Namespace = new("--namespace", "-n")
    {
        Description = "Namespace of the revision's injector Service (generate only).",
        DefaultValueFactory = _ => "istio-system",
    };

    public static readonly Option<string> ReinvocationPolicy = new Option<string>("--reinvocation-policy")
    {
        Description = "Webhook reinvocationPolicy (generate only).",
        DefaultValueFactory = _ => "Never",
    }.AcceptOnlyFromAmong("Never", "IfNeeded");

    public static readonly Option<int> TimeoutSeconds = new("--timeout-seconds")
    {
        Description = "Webhook timeoutSeconds, 1-30 (generate only).",
        DefaultValueFactory = _ => 10,
    };

    public static Command Create()
    {
        var set = new Command("set", "Point tag T at revision R (creates webhook configuration injector-revision-tag-T).")
        {
            TagName, Revision, Overwrite, Kubeconfig, Context,
        };
        set.SetAction(TagCommand.SetAsync);

        var list = new Command("list", "List tags: TAG REVISION NAMESPACES.") { Kubeconfig, Context };
        list.SetAction(TagCommand.ListAsync);

        var remove = new Command("remove", "Delete tag T's webhook configuration.") { TagName, Force, Kubeconfig, Context };
        remove.SetAction(TagCommand.RemoveAsync);

        var generate = new Command("generate", "Print tag T's webhook configuration as YAML (offline).")
        {
            TagName, Revision, Namespace, ReinvocationPolicy, TimeoutSeconds,
        };
        generate.SetAction(TagCommand.Generate);

        return new Command("tag", "Revision tags: stable names (prod, default, ...) that namespaces use instead of revisions.")
        {
            set, list, remove, generate,
        };
    }
}
