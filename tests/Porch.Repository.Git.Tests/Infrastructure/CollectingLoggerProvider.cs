using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Porch.Repository.Git.Tests.Infrastructure;

/// <summary>Keeps every formatted log line (with exceptions) so tests can look for warnings and for leaked secrets.</summary>
internal sealed class CollectingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Text)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Collector(this);

    public ILoggerFactory CreateFactory() => LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

    public string AllText => string.Join("\n", Entries.Select(e => e.Text));

    public void Dispose()
    {
    }

    private sealed class Collector(CollectingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((logLevel, eventId, formatter(state, exception) + (exception is null ? "" : "\n" + exception)));
    }
}
