using System.Text.Json.Nodes;

namespace Injector.Kube.Normalization;

/// <summary>
/// Bounds on a JSON tree handed to the normalizer, checked in one pass before any decoding. Depth 64 matches the
/// admission reader (a real pod nests about 12 deep, managed fields about 20); a million values is far above a pod
/// that fits the API server's request limit in practice and bounds the work of a hostile one. Go's decoder allows
/// 10,000 levels; deeper inputs are refused here (a deliberate difference).
/// </summary>
internal sealed record KubeLimits(int MaxDepth = 64, int MaxNodes = 1_000_000)
{
    public static KubeLimits Default { get; } = new();

    /// <summary>Throws <see cref="KubeDecodeException"/> when the tree is deeper or larger than allowed.</summary>
    public void Check(JsonNode? root)
    {
        if (root is null) return;
        var stack = new Stack<(JsonNode Node, int Depth)>();
        stack.Push((root, 1));
        var nodes = 0;
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (++nodes > MaxNodes) throw new KubeDecodeException($"the object has more than {MaxNodes} JSON values");
            if (depth > MaxDepth) throw new KubeDecodeException($"the object nests deeper than {MaxDepth} levels");
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (_, child) in obj)
                    {
                        if (child is null) nodes++;
                        else stack.Push((child, depth + 1));
                    }
                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        if (child is null) nodes++;
                        else stack.Push((child, depth + 1));
                    }
                    break;
            }
        }
        if (nodes > MaxNodes) throw new KubeDecodeException($"the object has more than {MaxNodes} JSON values");
    }
}
