namespace Injector.Kube.Yaml;

/// <summary>
/// What one <see cref="GoYaml.ToJson(string, GoYamlLimits?)"/> call may spend. Pod annotations (such as
/// <c>proxy.istio.io/config</c>) reach this parser, and anyone who may create a pod writes them, so every limit is
/// checked before the work it guards: the length before parsing, the depth as each collection opens, and the nodes
/// and text that aliases would add when the alias is read, before anything is copied. A limit hit is a
/// <see cref="GoYamlException"/> naming it.
/// </summary>
internal sealed record GoYamlLimits
{
    /// <summary>The defaults: sized for the largest object the API server accepts, far beyond any real pod.</summary>
    public static GoYamlLimits Default { get; } = new();

    /// <summary>
    /// Longest input, in UTF-16 code units: 3 MiB, the API server's limit on a request body, so no text taken from a
    /// pod (annotations are limited to 256 KiB in all) or rendered around one comes near it.
    /// </summary>
    public int MaxInputLength { get; init; } = 3 * 1024 * 1024;

    /// <summary>
    /// Deepest nesting of collections, aliases and merge keys included: 128. A pod nests about 15 levels; go-yaml's
    /// own cap is 10,000, which only protects Go's growable stack. Decoding recurses once per level, so this also
    /// bounds the stack.
    /// </summary>
    public int MaxDepth { get; init; } = 128;

    /// <summary>
    /// Most nodes (scalars, sequences, mappings) after expanding every alias: 500,000. Three MiB of typical Kubernetes
    /// YAML holds about 150,000; a "billion laughs" needs 10⁹ and is refused at its first alias past the budget, before
    /// anything is copied.
    /// </summary>
    public int MaxNodes { get; init; } = 500_000;

    /// <summary>
    /// Most scalar text (keys and values, in UTF-16 code units) after expanding every alias: 6 Mi, twice the longest
    /// input, so aliases of one long string cannot multiply memory either.
    /// </summary>
    public long MaxScalarLength { get; init; } = 6L * 1024 * 1024;

    /// <summary>
    /// Most text read again, in UTF-16 code units, to end plain scalars at <c>": "</c> after a word that starts with
    /// <c>*</c> as libyaml does (<c>a *: v</c> is the key <c>a *</c>; YamlDotNet alone reads on, see
    /// <see cref="YamlTreeReader.ReadFirstDocument"/>). Each such key costs one re-read, counted as the whole text (it
    /// is copied, then read up to the key): 3 MiB in all, so a document full of such keys costs at most about one
    /// longest input more. Real documents have none, or a few.
    /// </summary>
    public long MaxRereadLength { get; init; } = 3 * 1024 * 1024;
}
