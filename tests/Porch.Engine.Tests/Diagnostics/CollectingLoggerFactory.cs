using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Porch.Engine.Tests.Diagnostics;

/// <summary>A logger factory that keeps every entry (category, level, event, text) for assertions.</summary>
internal sealed class CollectingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<(string Category, LogLevel Level, EventId EventId, string Text)> Entries { get; } = new();

    /// <summary>Registers this factory and <see cref="ILogger{TCategoryName}"/> over it.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<ILoggerFactory>(this);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
    }

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("entries are collected, not forwarded");

    public void Dispose()
    {
    }

    private sealed class Collector(CollectingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((category, logLevel, eventId, formatter(state, exception)));
    }
}
