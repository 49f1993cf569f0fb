using System.Text.Json.Nodes;

namespace Porch.LoadTest;

/// <summary>
/// A watch of one replica's package revisions (<c>GET .../packagerevisions?watch=true</c>), recording each event's
/// type, name and lifecycle in the order the replica sent them, so the load test can check afterwards that every
/// surviving replica's watcher saw every package go Draft → Proposed → Published, in order (events that repeat a
/// version are counted and reported).
/// </summary>
internal sealed class WatchRecorder : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<(string Type, string Name, string Lifecycle, string Version)> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WatchRecorder(HttpClientAdapter client, int replica)
    {
        Replica = replica;
        _reading = Task.Run(() => ReadAsync(client));
    }

    public int Replica { get; }

    /// <summary>Gets a value indicating whether the stream ended (its replica was killed) or failed.</summary>
    public bool Ended { get; private set; }

    /// <summary>Gets a task that completes when the replica answered the watch (its events flow from then on).</summary>
    public Task Connected => _connected.Task;

    public static WatchRecorder Start(HttpClientAdapter client, int replica) => new(client, replica);

    /// <summary>Problems with what this watcher saw of <paramref name="names"/>; waits up to <paramref name="patience"/> for late events.</summary>
    public async Task<List<string>> CheckAsync(IReadOnlyCollection<string> names, TimeSpan patience)
    {
        using var deadline = new CancellationTokenSource(patience);
        while (true)
        {
            Task changed;
            List<string> problems;
            lock (_lock)
            {
                problems = Check(names);
                changed = _changed.Task;
            }

            if (problems.Count == 0 || Ended)
            {
                return problems;
            }

            try
            {
                await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return problems;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _reading.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        _stop.Dispose();
    }

    /// <summary>Gets how many events the last check found repeating an earlier event of the same version.</summary>
    public int Repeated { get; private set; }

    private List<string> Check(IReadOnlyCollection<string> names)
    {
        var problems = new List<string>();
        Repeated = 0;
        foreach (var name in names)
        {
            // Every lifecycle the revision went through, in the order seen; consecutive repeats are edits.
            var seen = _events.Where(e => e.Name == name).ToList();
            if (seen.Count == 0 || seen[0].Type != "ADDED")
            {
                problems.Add($"replica {Replica}: {name}: {(seen.Count == 0 ? "no event" : "first event " + seen[0].Type)}");
                continue;
            }

            var lifecycles = new List<string>();
            foreach (var e in seen.Where(static e => e.Type != "DELETED"))
            {
                if (lifecycles.Count == 0 || lifecycles[^1] != e.Lifecycle)
                {
                    lifecycles.Add(e.Lifecycle);
                }
            }

            if (!lifecycles.SequenceEqual(["Draft", "Proposed", "Published"], StringComparer.Ordinal))
            {
                problems.Add($"replica {Replica}: {name}: saw {string.Join(" → ", lifecycles)}");
            }

            // Reported, not failed: an event repeating the object's version (its commit) says nothing new; seen after a
            // replica was killed mid-approval (the revision recorded by it and again by a sync of another replica).
            Repeated += seen.GroupBy(static e => (e.Type, e.Lifecycle, e.Version)).Sum(static g => g.Count() - 1);
        }

        return problems;
    }

    private async Task ReadAsync(HttpClientAdapter client)
    {
        try
        {
            await using var stream = await client.OpenWatchAsync(_stop.Token).ConfigureAwait(false);
            _connected.TrySetResult();
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(_stop.Token).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0 || JsonNode.Parse(line) is not { } node)
                {
                    continue;
                }

                var type = node["type"]?.GetValue<string>() ?? "";
                var obj = node["object"];
                var name = obj?["metadata"]?["name"]?.GetValue<string>() ?? "";
                var lifecycle = obj?["spec"]?["lifecycle"]?.GetValue<string>() ?? "Draft";
                var version = obj?["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "";
                lock (_lock)
                {
                    _events.Add((type, name, lifecycle, version));
                    _changed.TrySetResult();
                    _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The replica went away.
        }
        finally
        {
            lock (_lock)
            {
                Ended = true;
                _changed.TrySetResult();
            }

            _connected.TrySetException(new InvalidOperationException($"the watch of replica {Replica} ended before it was answered"));
        }
    }
}
