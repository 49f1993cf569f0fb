using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Porch.Cli.Local;

/// <summary>
/// Records the renderer's structured <c>FunctionStarting</c> events (Porch.Engine event 1503: image, number of
/// selected resources, package) with the time each call started, so the CLI can print kpt's per-call log
/// (<c>[RUNNING]</c>, <c>[PASS]</c>/<c>[FAIL]</c>) next to the results the render returns.
/// </summary>
internal sealed class FunctionCallRecorder : ILoggerProvider
{
    /// <summary>The event id of the renderer's <c>FunctionStarting</c> message.</summary>
    public const int FunctionStartingEventId = 1503;

    private readonly List<FunctionCall> _calls = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Gets the calls in the order they started.</summary>
    public IReadOnlyList<FunctionCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToList();
            }
        }
    }

    /// <summary>Gets the time elapsed since the recorder was created.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public ILogger CreateLogger(string categoryName) => new Recorder(this);

    public void Dispose()
    {
    }

    private void Record(IReadOnlyList<KeyValuePair<string, object?>> state)
    {
        string? image = null, package = null;
        var count = 0;
        foreach (var (key, value) in state)
        {
            switch (key)
            {
                case "Image":
                    image = value?.ToString();
                    break;
                case "Package":
                    package = value?.ToString();
                    break;
                case "ItemCount" when value is int n:
                    count = n;
                    break;
            }
        }

        if (image is not null && package is not null)
        {
            lock (_calls)
            {
                _calls.Add(new FunctionCall(image, package, count, _clock.Elapsed));
            }
        }
    }

    /// <summary>One function call: image, package display path (<c>.</c> for the root), selected resources, start time.</summary>
    internal sealed record FunctionCall(string Image, string Package, int ItemCount, TimeSpan Started);

    private sealed class Recorder(FunctionCallRecorder owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == FunctionStartingEventId && state is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                owner.Record(values);
            }
        }
    }
}
