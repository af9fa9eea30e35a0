namespace Injector.Tests.Integration;

/// <summary>One injector shared by the read-only integration tests: revision <c>canary</c>, 300,000-byte body cap
/// (big enough for the 208 KB fixture, small enough to test 413 cheaply).</summary>
public sealed class InjectorServerFixture : IAsyncLifetime
{
    public const int MaxBodyBytes = 300_000;
    public const string Revision = "canary";

    internal InjectorProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await InjectorProcess.StartAsync("--revision", Revision, "--max-body-bytes", MaxBodyBytes.ToString());

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class InjectorServerCollection : ICollectionFixture<InjectorServerFixture>
{
    public const string Name = "injector server";
}
