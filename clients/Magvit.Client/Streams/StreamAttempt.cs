using Grpc.Core;

namespace Magvit.Client.Streams;

/// <summary>
/// One call of a logical stream: the gRPC call, the task that writes its input (duplex streams), and the idle timer.
/// The call's token is cancelled when the stream's life ends, when the stream has been idle (no message either way)
/// for longer than the idle timeout, when the input fails, and when the attempt is disposed.
/// </summary>
/// <typeparam name="TOut">What the caller receives: token frames or RGB frames.</typeparam>
internal abstract class StreamAttempt<TOut> : IAsyncDisposable
{
    private readonly CancellationTokenSource idle;
    private readonly CancellationTokenSource cancel;
    private readonly TimeSpan idleTimeout;
    private readonly string service;
    private Task writer = Task.CompletedTask;
    private SourceFailedException? sourceFailure;
    private IDisposable? call;

    protected StreamAttempt(string service, TimeSpan idleTimeout, TimeProvider timeProvider, CancellationToken lifetime)
    {
        this.service = service;
        this.idleTimeout = idleTimeout;
        idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        cancel = CancellationTokenSource.CreateLinkedTokenSource(lifetime, idle.Token);
        Touch();
    }

    /// <summary>The call's cancellation token.</summary>
    protected CancellationToken Token => cancel.Token;

    /// <summary>Restarts the idle timer: a message went out or came in.</summary>
    public void Touch()
    {
        if (idleTimeout != Timeout.InfiniteTimeSpan)
        {
            idle.CancelAfter(idleTimeout);
        }
    }

    /// <summary>The next item, or false once the server ended the stream with its summary.</summary>
    /// <exception cref="RpcException">The call failed.</exception>
    /// <exception cref="MagvitClientException">The server broke the contract.</exception>
    public abstract ValueTask<(bool Has, TOut? Item)> ReadAsync();

    /// <summary>
    /// Why the attempt failed, given what <see cref="ReadAsync"/> threw: the input's failure first (the call was
    /// cancelled because of it), then an idle timeout, else the read's own error.
    /// </summary>
    public Exception Explain(Exception readError)
    {
        if (sourceFailure is { } failed)
        {
            return failed;
        }

        return idle.IsCancellationRequested
            ? new MagvitClientException(StatusCode.DeadlineExceeded, $"The {service} stream was idle (no message either way) for {idleTimeout.TotalSeconds:0.###} s.", readError)
            : readError;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await cancel.CancelAsync().ConfigureAwait(false);
        call?.Dispose();
        await writer.ConfigureAwait(false);
        cancel.Dispose();
        idle.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Registers the call, disposed with the attempt.</summary>
    protected void Own(IDisposable grpcCall) => call = grpcCall;

    /// <summary>The contract violation <paramref name="problem"/> as what the caller sees (INTERNAL: the server is wrong).</summary>
    protected MagvitClientException Broken(string problem, Exception? cause = null)
        => new(StatusCode.Internal, $"The {service} server broke the stream contract: {problem}.", cause);

    /// <summary>Runs the input writer of a duplex call on its own task.</summary>
    protected void StartWriter(Func<CancellationToken, Task> write) => writer = RunWriterAsync(write);

    private async Task RunWriterAsync(Func<CancellationToken, Task> write)
    {
        try
        {
            await write(Token).ConfigureAwait(false);
        }
        catch (SourceFailedException e)
        {
            // The reader is waiting for answers to input that will not come: cancel the call; Explain says why.
            sourceFailure = e;
            await cancel.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (Token.IsCancellationRequested)
        {
            // The attempt ended (broken, finished or disposed) while the writer waited.
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException or ObjectDisposedException)
        {
            // The call ended while writing; the response stream reports how (a status, or its end).
        }
    }
}
