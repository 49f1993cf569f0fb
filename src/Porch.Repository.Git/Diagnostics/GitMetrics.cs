using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Porch.Repository.Git.Diagnostics;

/// <summary>Git operation instruments: duration, retries and failures of fetches and pushes.</summary>
internal sealed class GitMetrics : IDisposable
{
    private readonly Meter _meter;

    public GitMetrics(IMeterFactory? meterFactory)
    {
        _meter = meterFactory?.Create(PorchGitDiagnostics.MeterName) ?? new Meter(PorchGitDiagnostics.MeterName);
        Duration = _meter.CreateHistogram<double>("porch.git.operation.duration", "s", "Duration of git fetches and pushes, retries included.");
        Retries = _meter.CreateCounter<long>("porch.git.operation.retries", "{retry}", "Git fetches and pushes attempted again after a transient error or a moved branch.");
        Failures = _meter.CreateCounter<long>("porch.git.operation.failures", "{failure}", "Git fetches and pushes that failed, by error.type.");
        BatchSize = _meter.CreateHistogram<int>("porch.git.push.batch_size", "{close}", "Draft closes pushed together in one push (group commit).");
    }

    public Histogram<double> Duration { get; }

    public Counter<long> Retries { get; }

    public Counter<long> Failures { get; }

    public Histogram<int> BatchSize { get; }

    /// <summary>Records how many draft closes one successful push carried.</summary>
    public void RecordBatch(string repository, int closes) =>
        BatchSize.Record(closes, new KeyValuePair<string, object?>("porch.repository", repository));

    /// <summary>Runs one fetch or push in a span, timing it and counting its failure.</summary>
    public async Task<T> MeasureAsync<T>(string operation, string repository, Func<Task<T>> action)
    {
        using var activity = PorchGitDiagnostics.Source.StartActivity(operation == "push" ? "GitPush" : "GitFetch");
        activity?.SetTag("porch.repository", repository);
        var started = Stopwatch.GetTimestamp();
        var tags = new TagList { { "porch.git.operation", operation } };
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var errorType = ex.GetType().Name;
            activity?.SetStatus(ActivityStatusCode.Error, errorType);
            activity?.SetTag("error.type", errorType);
            tags.Add("error.type", errorType);
            Failures.Add(1, tags);
            throw;
        }
        finally
        {
            Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    public void Dispose() => _meter.Dispose();
}
