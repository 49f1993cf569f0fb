[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Porch.Security.Tests;

/// <summary>One sample server shared by the attacks that leave it as they found it (each asserts it still answers).</summary>
public sealed class AttackServerFixture : IAsyncLifetime
{
    private SampleServer? _server;

    public SampleServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _server = await SampleServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AttackServerCollection : ICollectionFixture<AttackServerFixture>
{
    public const string Name = "attack-server";
}
