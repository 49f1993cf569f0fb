namespace Porch.LoadTest;

/// <summary>
/// One client's steps against several replicas: it talks to its own replica and, when that replica stops answering
/// (killed), moves to the next live one and repeats the step there. A repeated step is safe: a create that landed
/// before the replica died answers 409 AlreadyExists (the name is known), and a propose or approve checks the
/// revision's lifecycle first.
/// </summary>
internal sealed class FailoverClient(IReadOnlyList<HttpClientAdapter> replicas, IReadOnlyList<SampleServer> servers, int first, string repository) : IPorchClient
{
    private int _current = first;

    public async Task<string> CreateAsync(string package, CancellationToken cancellationToken)
    {
        var retried = false;
        return await RunAsync(async client =>
        {
            try
            {
                return await client.CreateAsync(package, cancellationToken);
            }
            catch (ConflictException) when (retried)
            {
                return $"{repository}.{package}.v1";
            }
            finally
            {
                retried = true;
            }
        });
    }

    public Task EditAsync(string name, string file, string content, CancellationToken cancellationToken) =>
        RunAsync(async client =>
        {
            await client.EditAsync(name, file, content, cancellationToken);
            return true;
        });

    public Task ProposeAsync(string name, CancellationToken cancellationToken) =>
        RunAsync(async client =>
        {
            if ((await client.GetAsync(name, cancellationToken)).Lifecycle != "Proposed")
            {
                await client.ProposeAsync(name, cancellationToken);
            }

            return true;
        });

    public Task<int> ApproveAsync(string name, CancellationToken cancellationToken) =>
        RunAsync(async client =>
        {
            var (lifecycle, revision) = await client.GetAsync(name, cancellationToken);
            return lifecycle == "Published" ? revision : await client.ApproveAsync(name, cancellationToken);
        });

    private async Task<T> RunAsync<T>(Func<HttpClientAdapter, Task<T>> step)
    {
        var failedOver = false;
        for (var attempt = 0; ; attempt++)
        {
            var at = _current;
            try
            {
                return await step(replicas[at]);
            }
            catch (ConflictException) when (failedOver)
            {
                // The killed replica may have pushed this step without recording it; the replica that answered the
                // conflict synced the repository, so the step is read again and repeated once.
                failedOver = false;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && attempt < replicas.Count)
            {
                // A connection error from a replica that was killed: go on on the next live one. From a live one: an error.
                if (!await servers[at].ExitedWithinAsync(TimeSpan.FromSeconds(5)))
                {
                    throw;
                }

                _current = NextLive(at);
                failedOver = true;
            }
        }
    }

    private int NextLive(int from)
    {
        for (var i = 1; i <= servers.Count; i++)
        {
            var candidate = (from + i) % servers.Count;
            if (!servers[candidate].HasExited)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("every replica is gone");
    }
}
