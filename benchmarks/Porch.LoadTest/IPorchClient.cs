namespace Porch.LoadTest;

/// <summary>The four steps one load-test client performs on its own package.</summary>
internal interface IPorchClient
{
    Task<string> CreateAsync(string package, CancellationToken cancellationToken);

    Task EditAsync(string name, string file, string content, CancellationToken cancellationToken);

    Task ProposeAsync(string name, CancellationToken cancellationToken);

    Task<int> ApproveAsync(string name, CancellationToken cancellationToken);
}

/// <summary>A refusal for a concurrent change (HTTP 409 or the engine's conflict error).</summary>
internal sealed class ConflictException(string message) : Exception(message);
