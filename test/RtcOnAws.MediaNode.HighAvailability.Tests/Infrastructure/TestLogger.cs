using Microsoft.Extensions.Logging;

namespace RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

/// <summary>A logger that keeps messages so tests can assert that errors were logged.</summary>
public sealed class TestLogger : ILogger, ILoggerFactory, ILoggerProvider
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    /// <summary>Logged messages at <paramref name="level"/> or above.</summary>
    public IReadOnlyList<string> Messages(LogLevel level)
    {
        lock (_entries)
        {
            return _entries.Where(e => e.Level >= level).Select(e => e.Message).ToArray();
        }
    }

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((logLevel, formatter(state, exception)));
        }
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => this;

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider)
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
