using System.Text;
using System.Text.Json.Nodes;
using Injector.Common;

namespace Injector.Kubernetes.WebhookCa;

/// <summary>
/// What the shared Secret holds: the pair being served (current), a staged pair waiting for the bundle (next, with the
/// time the bundle was first seen holding it), and the previous CA kept in the bundle until it expires so replicas
/// still serving the old certificate keep working. Immutable; each step returns a new state.
/// </summary>
internal sealed record CaSecretState(CaGeneration Current, CaGeneration? Next, DateTimeOffset? NextPublishedAt, string? PreviousCaPem)
{
    private const string CaCrt = "ca.crt", CaKey = "ca.key", TlsCrt = "tls.crt", TlsKey = "tls.key";
    private const string NextPrefix = "next-", PreviousCaCrt = "previous-ca.crt", NextPublished = "next-published-at";

    public CaSecretState StageNext(CaGeneration next) => this with { Next = next, NextPublishedAt = null };

    public CaSecretState MarkNextPublished(DateTimeOffset now) => this with { NextPublishedAt = now };

    public CaSecretState Promote() => new(Next!, null, null, Current.CaCertificatePem);

    public CaSecretState DropPrevious() => this with { PreviousCaPem = null };

    /// <summary>Every CA a client must trust now: current, next and previous, in a stable order so replicas agree byte for byte.</summary>
    public string BundlePem()
    {
        var certificates = new List<string> { Current.CaCertificatePem.Trim() };
        if (Next is not null) certificates.Add(Next.CaCertificatePem.Trim());
        if (PreviousCaPem is not null) certificates.Add(PreviousCaPem.Trim());
        certificates.Sort(StringComparer.Ordinal);
        return string.Join("\n", certificates) + "\n";
    }

    public JsonObject ToSecretData()
    {
        var data = new JsonObject();
        Write(data, "", Current);
        if (Next is not null) Write(data, NextPrefix, Next);
        if (NextPublishedAt is { } at) data[NextPublished] = Encode(at.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        if (PreviousCaPem is not null) data[PreviousCaCrt] = Encode(PreviousCaPem);
        return data;
    }

    /// <summary>Reads a Secret's <c>data</c>; null when the current pair is missing or not base64.</summary>
    public static CaSecretState? FromSecret(JsonObject secret)
    {
        var data = JsonFields.StringMap(secret["data"]);
        var current = Read(data, "");
        if (current is null) return null;
        DateTimeOffset? publishedAt = Decode(data, NextPublished) is { } text
            && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var t) ? t : null;
        return new CaSecretState(current, Read(data, NextPrefix), publishedAt, Decode(data, PreviousCaCrt));
    }

    private static void Write(JsonObject data, string prefix, CaGeneration generation)
    {
        data[prefix + CaCrt] = Encode(generation.CaCertificatePem);
        data[prefix + CaKey] = Encode(generation.CaKeyPem);
        data[prefix + TlsCrt] = Encode(generation.ServingCertificatePem);
        data[prefix + TlsKey] = Encode(generation.ServingKeyPem);
    }

    private static CaGeneration? Read(IReadOnlyDictionary<string, string> data, string prefix) =>
        Decode(data, prefix + CaCrt) is { } caCrt && Decode(data, prefix + CaKey) is { } caKey
        && Decode(data, prefix + TlsCrt) is { } tlsCrt && Decode(data, prefix + TlsKey) is { } tlsKey
            ? new CaGeneration(caCrt, caKey, tlsCrt, tlsKey)
            : null;

    private static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string? Decode(IReadOnlyDictionary<string, string> data, string key)
    {
        if (!data.TryGetValue(key, out var base64)) return null;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
