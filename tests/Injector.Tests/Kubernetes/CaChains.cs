using System.Security.Cryptography.X509Certificates;

namespace Injector.Tests.Kubernetes;

/// <summary>Does a certificate chain to one of the CAs in a PEM bundle at a given time (as kube-apiserver checks)?</summary>
internal static class CaChains
{
    public static bool Verify(X509Certificate2 leaf, string bundlePem, DateTimeOffset at)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(bundlePem);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(leaf);
    }
}
