using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Cli.Shared;
using Injector.Operations.Diff;

namespace Injector.Cli.Diff;

/// <summary>
/// The diff as text (one block per workload: <c>+</c> gains, <c>-</c> loses, <c>~</c> changes) or as JSON/YAML with
/// both injected pods for scripts.
/// </summary>
internal static class DiffReport
{
    /// <summary>Values longer than this are cut in the text report (the JSON report keeps them whole).</summary>
    private const int MaxTextValue = 160;

    public static void Write(TextWriter output, OutputFormat format, IReadOnlyList<WorkloadDiff> diffs, string source)
    {
        JsonOutput.Listing(output, format, text => WriteText(text, diffs, source), writer => WriteJson(writer, diffs));
    }

    private static void WriteText(TextWriter output, IReadOnlyList<WorkloadDiff> diffs, string source)
    {
        if (diffs.Count == 0)
        {
            output.WriteLine("No workloads with a pod template in " + source + ".");
            return;
        }
        foreach (var diff in diffs)
        {
            output.WriteLine($"{diff.Subject} (namespace {diff.Namespace}): {diff.From.Revision} -> {diff.To.Revision}");
            Outcome(output, diff.From.Revision, diff.FromPod);
            Outcome(output, diff.To.Revision, diff.ToPod);
            if (diff.Changes.Count == 0)
            {
                output.WriteLine("  no difference");
                continue;
            }
            foreach (var change in diff.Changes)
            {
                output.WriteLine(change.Kind switch
                {
                    ChangeKind.Added => "  + " + change.Path + ": " + Text(change.To),
                    ChangeKind.Removed => "  - " + change.Path + ": " + Text(change.From),
                    _ => "  ~ " + change.Path + ": " + Text(change.From) + " -> " + Text(change.To),
                });
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {diff.Changes.Count(c => c.Kind == ChangeKind.Added)} gained, {diff.Changes.Count(c => c.Kind == ChangeKind.Removed)} lost, {diff.Changes.Count(c => c.Kind == ChangeKind.Changed)} changed"));
        }
    }

    private static void Outcome(TextWriter output, string revision, InjectedPod pod)
    {
        if (pod.Outcome == PodOutcome.Skipped) output.WriteLine("  under " + revision + ": not injected (" + pod.Reason + ")");
        else if (pod.Outcome == PodOutcome.Denied) output.WriteLine("  under " + revision + ": denied (" + pod.Reason + ")");
    }

    private static string Text(JsonNode? value)
    {
        var text = value is null ? "null" : value.ToJsonString();
        return text.Length <= MaxTextValue ? text : text[..MaxTextValue] + "... (" + text.Length.ToString(CultureInfo.InvariantCulture) + " characters)";
    }

    private static void WriteJson(Utf8JsonWriter writer, IReadOnlyList<WorkloadDiff> diffs)
    {
        writer.WriteStartArray();
        foreach (var diff in diffs)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", diff.Kind);
            writer.WriteString("name", diff.Name);
            writer.WriteString("namespace", diff.Namespace);
            Side(writer, "from", diff.From, diff.FromPod);
            Side(writer, "to", diff.To, diff.ToPod);
            writer.WriteStartArray("changes");
            foreach (var change in diff.Changes)
            {
                writer.WriteStartObject();
                writer.WriteString("path", change.Path);
                writer.WriteString("change", change.Kind switch { ChangeKind.Added => "added", ChangeKind.Removed => "removed", _ => "changed" });
                if (change.From is not null) { writer.WritePropertyName("from"); change.From.WriteTo(writer); }
                if (change.To is not null) { writer.WritePropertyName("to"); change.To.WriteTo(writer); }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void Side(Utf8JsonWriter writer, string name, DiffRevision source, InjectedPod pod)
    {
        writer.WriteStartObject(name);
        writer.WriteString("revision", source.Revision);
        writer.WriteString("outcome", pod.Outcome switch { PodOutcome.Injected => "injected", PodOutcome.Skipped => "skipped", _ => "denied" });
        if (pod.Reason.Length > 0) writer.WriteString("reason", pod.Reason);
        writer.WritePropertyName("pod");
        pod.Pod.WriteTo(writer);
        writer.WriteEndObject();
    }
}
