using System.Threading.Channels;

namespace Magvit.Client.Streams;

/// <summary>
/// Reads the caller's input into a small bounded channel on its own task. A call's writer can then stop waiting for
/// input when the call breaks (a read from a channel is cancellable without losing an item; a pending
/// <c>MoveNextAsync</c> of the caller's enumerator is not), and the next call's writer picks up where it left off.
/// Reads at most a couple of items ahead of the writer. Disposal cancels the reading but does not wait for it: an
/// input that ignores cancellation ends when it yields its next item.
/// </summary>
/// <typeparam name="T">Frames or latent frames.</typeparam>
internal sealed class SourcePump<T> : IAsyncDisposable
{
    private readonly Channel<T> channel = Channel.CreateBounded<T>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource stop;
    private readonly object gate = new();
    private bool pumped;

    /// <summary>Starts reading <paramref name="source"/>; <paramref name="cancellationToken"/> (the stream's life) stops it.</summary>
    public SourcePump(IAsyncEnumerable<T> source, CancellationToken cancellationToken)
    {
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = Task.Run(() => PumpAsync(source, stop.Token), CancellationToken.None);
    }

    /// <summary>The next input item, or false at the end of the input.</summary>
    /// <exception cref="SourceFailedException">The input failed.</exception>
    public async ValueTask<(bool Has, T? Item)> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (channel.Reader.TryRead(out var item))
                {
                    return (true, item);
                }
            }

            return (false, default);
        }
        catch (ChannelClosedException e) when (e.InnerException is SourceFailedException failed)
        {
            throw new SourceFailedException(failed.InnerException!);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        lock (gate)
        {
            if (!pumped)
            {
                stop.Cancel();
            }
        }

        return ValueTask.CompletedTask;
    }

    private async Task PumpAsync(IAsyncEnumerable<T> source, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await channel.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            }

            channel.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            channel.Writer.TryComplete(new OperationCanceledException(cancellationToken));
        }
#pragma warning disable CA1031 // Whatever the caller's input throws ends the stream with that exception, on the reading side.
        catch (Exception e)
#pragma warning restore CA1031
        {
            channel.Writer.TryComplete(new SourceFailedException(e));
        }
        finally
        {
            lock (gate)
            {
                pumped = true;
                stop.Dispose();
            }
        }
    }
}
