using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Magvit.Services.Tests;

/// <summary>
/// Records what one host's Magvit.* loggers write, so that tests can see how the server ended a call (the client may
/// know better or sooner: its own deadline, its own cancellation) and that nothing was logged as an error.
/// </summary>
internal sealed class ServerLog : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> entries = new();

    public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception);

    public IReadOnlyList<Entry> Entries => [.. entries];

    /// <summary>A log that records what <paramref name="app"/> writes from now on.</summary>
    public static ServerLog AttachTo(WebApplication app)
    {
        var log = new ServerLog();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(log);
        return log;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Entries so far: pass it to <see cref="WaitForAsync"/> to look only at what comes after.</summary>
    public int Count => entries.Count;

    /// <summary>Waits until an entry after the first <paramref name="since"/> matches <paramref name="match"/>; returns it.</summary>
    public async Task<Entry> WaitForAsync(Func<Entry, bool> match, string what, int since = 0)
    {
        var deadline = DateTime.UtcNow + ServiceHost.Timeout;
        while (true)
        {
            if (entries.Skip(since).FirstOrDefault(match) is { } entry)
            {
                return entry;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The server never logged {what}; it logged:\n{string.Join("\n", entries)}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Asserts that no Magvit component logged an error (an INTERNAL status, a failed worker or batch, a failed load).</summary>
    public void AssertNoErrors()
    {
        var errors = entries.Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, $"The server logged errors:\n{string.Join("\n", errors)}");
    }

    public void Dispose()
    {
    }

    private sealed class Logger(ServerLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => category.StartsWith("Magvit", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception));
            }
        }
    }
}
