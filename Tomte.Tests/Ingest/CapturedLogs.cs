using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tomte.Tests.Ingest;

/// <summary>A logger provider keeping every event with its exception, as a sink such as the journal receives it.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<(int EventId, LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

    public ILogger CreateLogger(string categoryName) => new Capture(this);

    public void Dispose()
    {
    }

    private sealed class Capture(CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((eventId.Id, logLevel, formatter(state, exception), exception));
    }
}
