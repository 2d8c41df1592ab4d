using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Grpc.Core;
using Magvit.Client.Channels;
using Magvit.Client.Resilience;

namespace Magvit.Client.Streams;

/// <summary>
/// One logical stream carried by one or more calls. When a call breaks with UNAVAILABLE or RESOURCE_EXHAUSTED the
/// session opens another at the first latent frame the caller has not received (start_latent_frame), the subclass
/// sends the input again from the start, and reading goes on: the caller sees the stream of an uninterrupted call, no
/// item twice, none missing. Opening (first or resumed) is retried by the reopen pipeline; breaks are bounded by
/// MaxResumes; the stream's deadline spans every call. Read once; not thread-safe.
/// </summary>
/// <typeparam name="TOut">What the caller receives.</typeparam>
internal abstract class ResumableSession<TOut> : IAsyncDisposable
{
    private readonly CancellationTokenSource lifetime;
    private StreamAttempt<TOut>? attempt;
    private bool ended;
    private int reads;

    protected ResumableSession(ServiceConnection connection, CancellationToken cancellationToken)
    {
        Connection = connection;
        StreamId = Guid.NewGuid().ToString("N");
        lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = connection.Options.StreamTimeout;
        Deadline = timeout < DateTime.MaxValue - DateTime.UtcNow ? DateTime.UtcNow + timeout : DateTime.MaxValue;
    }

    /// <summary>Echoed in server logs; the same on every call of the stream.</summary>
    public string StreamId { get; }

    /// <summary>Breaks the stream survived.</summary>
    public int Resumes { get; private set; }

    /// <summary>Items handed to the caller so far.</summary>
    public long Delivered { get; private set; }

    protected ServiceConnection Connection { get; }

    /// <summary>The deadline of every call of the stream.</summary>
    protected DateTime Deadline { get; }

    /// <summary>The stream's life: cancelled by the caller or at disposal.</summary>
    protected CancellationToken Lifetime => lifetime.Token;

    /// <summary>Opens the first call (its header read), retrying while the server is unavailable or full.</summary>
    public async Task OpenAsync()
    {
        try
        {
            attempt = await StartAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw RpcErrors.ToClientException(e, Connection.Service, Lifetime);
        }
    }

    /// <summary>The stream's items, in order, resuming across broken calls.</summary>
    public async IAsyncEnumerable<TOut> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref reads) != 1)
        {
            throw new InvalidOperationException("A stream can be read once.");
        }

        using var registration = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), lifetime);
        while (await NextAsync().ConfigureAwait(false) is (true, var item))
        {
            yield return item!;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await lifetime.CancelAsync().ConfigureAwait(false);
        await CloseAttemptAsync().ConfigureAwait(false);
        await DisposeInputAsync().ConfigureAwait(false);
        lifetime.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Opens a call at the resume point (<see cref="Delivered"/> items in), sends its opening and reads the server's header.</summary>
    protected abstract Task<StreamAttempt<TOut>> StartAttemptAsync(CancellationToken cancellationToken);

    /// <summary>Null while the stream can resume; else why not (the input it would resend is no longer held).</summary>
    protected virtual string? CannotResume() => null;

    /// <summary>Releases the input (its pump); called once at disposal.</summary>
    protected virtual ValueTask DisposeInputAsync() => ValueTask.CompletedTask;

    private Task<StreamAttempt<TOut>> StartAsync()
        => Connection.ReopenPipeline.ExecuteAsync(async token => await StartAttemptAsync(token).ConfigureAwait(false), Lifetime).AsTask();

    private async Task<(bool Has, TOut? Item)> NextAsync()
    {
        while (!ended)
        {
            try
            {
                attempt ??= await StartAsync().ConfigureAwait(false);
                var (has, item) = await attempt.ReadAsync().ConfigureAwait(false);
                if (has)
                {
                    Delivered++;
                    return (true, item);
                }

                ended = true;
                await CloseAttemptAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                var failure = attempt?.Explain(e) ?? e;
                await CloseAttemptAsync().ConfigureAwait(false);
                ThrowUnlessResumable(failure);
            }
        }

        return (false, default);
    }

    /// <summary>Returns when the stream should resume after <paramref name="failure"/>; else throws what the caller sees.</summary>
    private void ThrowUnlessResumable(Exception failure)
    {
        if (Lifetime.IsCancellationRequested)
        {
            throw new OperationCanceledException($"The {Connection.Service} stream was cancelled.", failure, Lifetime);
        }

        if (failure is SourceFailedException input)
        {
            // The caller's own input failed: its exception, unchanged.
            ExceptionDispatchInfo.Capture(input.InnerException!).Throw();
        }

        if (failure is not RpcException { StatusCode: var code } rpc || !RpcErrors.IsTransient(code) || !Connection.Options.Resume.Enabled)
        {
            throw RpcErrors.ToClientException(failure, Connection.Service, Lifetime);
        }

        var resume = Connection.Options.Resume;
        if (Resumes >= resume.MaxResumes)
        {
            throw new MagvitResumeException(code, $"The {Connection.Service} stream broke with {code} after {Resumes} resumes (MaxResumes = {resume.MaxResumes}): {rpc.Status.Detail}", failure);
        }

        if (CannotResume() is { } reason)
        {
            throw new MagvitResumeException(code, $"The {Connection.Service} stream broke with {code} and cannot resume: {reason}", failure);
        }

        Resumes++;
        StreamLog.Resuming(Connection.Logger, Connection.Service, StreamId, code, rpc.Status.Detail, Delivered, Resumes, resume.MaxResumes);
    }

    private async ValueTask CloseAttemptAsync()
    {
        if (attempt is { } closing)
        {
            attempt = null;
            await closing.DisposeAsync().ConfigureAwait(false);
        }
    }
}
