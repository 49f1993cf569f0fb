using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Porch.LoadTest;

/// <summary>Collects per-operation latencies, conflicts and errors; prints percentiles.</summary>
internal sealed class Recorder
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _latencies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _conflicts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _conflictTexts = new();

    public IReadOnlyCollection<string> Errors => _errors;

    public int ConflictCount => _conflicts.Values.Sum();

    /// <summary>Gets the number of operations that completed.</summary>
    public int Operations => _latencies.Values.Sum(b => b.Count);

    public async Task<T> TimeAsync<T>(string operation, Func<Task<T>> action)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await action().ConfigureAwait(false);
            _latencies.GetOrAdd(operation, _ => []).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        catch (ConflictException ex)
        {
            _conflicts.AddOrUpdate(operation, 1, (_, n) => n + 1);
            _conflictTexts.Enqueue($"{operation}: {ex.Message}");
            throw;
        }
        catch (Exception ex)
        {
            _errors.Enqueue($"{operation}: {ex.Message}");
            throw;
        }
    }

    public void Print(string title, TimeSpan elapsed, int clients, int completed)
    {
        var operations = Operations;
        Console.WriteLine($"## {title}: {clients} clients, {completed} packages published, {operations} operations in {elapsed.TotalSeconds:F1} s " +
            $"({operations / elapsed.TotalSeconds:F1} ops/s), {ConflictCount} conflicts, {_errors.Count} errors");
        Console.WriteLine("| operation | count | p50 ms | p95 ms | p99 ms | max ms | conflicts |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var operation in new[] { "create", "edit", "propose", "approve" })
        {
            var values = _latencies.TryGetValue(operation, out var bag) ? bag.Order().ToArray() : [];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {operation} | {values.Length} | {Percentile(values, 0.50):F1} | {Percentile(values, 0.95):F1} | {Percentile(values, 0.99):F1} | {(values.Length == 0 ? 0 : values[^1]):F1} | {_conflicts.GetValueOrDefault(operation)} |"));
        }

        foreach (var error in _errors.Take(5))
        {
            Console.WriteLine("  error: " + error);
        }

        foreach (var conflict in _conflictTexts.Take(3))
        {
            Console.WriteLine("  conflict: " + (conflict.Length > 300 ? conflict[..300] : conflict));
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
