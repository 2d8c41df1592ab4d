using Grpc.Core;
using Magvit.Client.Channels;
using Magvit.Client.Wire;
using Magvit.Contracts;
using Magvit.Contracts.V1;

namespace Magvit.Client.Streams;

/// <summary>
/// A Tokenize stream. Keeps the frames it sent (copies, up to MaxReplayFrames): a resumed call sends them again from
/// frame 0, since the server must recompute the causal encoder's state to give exactly the uninterrupted run's tokens,
/// and asks for the tokens from the first latent frame the caller has not received.
/// </summary>
internal sealed class TokenizeSession : ResumableSession<TokenFrame>
{
    private readonly VideoFormat format;
    private readonly SourcePump<RgbFrame> input;
    private readonly ReplayBuffer<ReadOnlyMemory<byte>> sent;
    private TokenHeader? header;

    public TokenizeSession(ServiceConnection connection, VideoFrames video, CancellationToken cancellationToken)
        : base(connection, cancellationToken)
    {
        format = video.Format;
        input = new SourcePump<RgbFrame>(video.Frames, Lifetime);
        var resume = connection.Options.Resume;
        sent = new ReplayBuffer<ReadOnlyMemory<byte>>(resume.Enabled ? resume.MaxReplayFrames : 0);
    }

    /// <summary>The stream's token header (after <see cref="ResumableSession{TOut}.OpenAsync"/>).</summary>
    public TokenStreamHeader Header => HeaderMapping.FromWire(header ?? throw new InvalidOperationException("The stream is not open."));

    /// <summary>The last call's summary, once the stream ended.</summary>
    public StreamReport? Report { get; private set; }

    /// <inheritdoc />
    protected override async Task<StreamAttempt<TokenFrame>> StartAttemptAsync(CancellationToken cancellationToken)
    {
        var start = (ulong)Delivered;
        var opening = new TokenizeHeader
        {
            Frames = HeaderMapping.ToWire(format),
            TokenEncoding = TokenEncoding.Packed,
            StreamId = StreamId,
            StartLatentFrame = start,
        };
        var attempt = await TokenizeAttempt.StartAsync(Connection, opening, Deadline, WriteFramesAsync, summary => Report = HeaderMapping.FromWire(summary), cancellationToken).ConfigureAwait(false);
        if (header is null)
        {
            header = attempt.Header;
        }
        else if (!header.Equals(attempt.Header))
        {
            await attempt.DisposeAsync().ConfigureAwait(false);
            throw new MagvitResumeException(StatusCode.FailedPrecondition, $"The resumed tokenizer stream has another header ({attempt.Header}) than the broken one ({header}): the server now serves other weights.", null);
        }

        if (start > 0)
        {
            StreamLog.Resumed(Connection.Logger, Connection.Service, StreamId, (long)start);
        }

        return attempt;
    }

    /// <inheritdoc />
    protected override string? CannotResume()
        => sent.HoldsAll ? null : $"{sent.Sent} frames were sent and only MaxReplayFrames = {sent.Capacity} are kept for sending again";

    /// <inheritdoc />
    protected override ValueTask DisposeInputAsync() => input.DisposeAsync();

    /// <summary>Every frame sent so far, then the rest of the input, each in ≤ 64 KiB chunks numbered from 0; then the half-close.</summary>
    private async Task WriteFramesAsync(IClientStreamWriter<TokenizeRequest> writer, Action touch, CancellationToken cancellationToken)
    {
        var chunker = new FrameChunker();
        async Task WriteAsync(ReadOnlyMemory<byte> frame)
        {
            // Chunks end at frame boundaries, as on the first call, so that the server forms the same batches.
            foreach (var chunk in chunker.Chunk(frame))
            {
                await writer.WriteAsync(new TokenizeRequest { Frames = chunk }, cancellationToken).ConfigureAwait(false);
                touch();
            }
        }

        foreach (var frame in sent.Items)
        {
            await WriteAsync(frame).ConfigureAwait(false);
        }

        while (await input.ReadAsync(cancellationToken).ConfigureAwait(false) is (true, var next))
        {
            if (next!.Width != format.Width || next.Height != format.Height)
            {
                throw new SourceFailedException(new ArgumentException($"Frame {sent.Sent} is {next.Width}×{next.Height}; the video's format is {format.Width}×{format.Height}."));
            }

            // The caller may reuse its buffers: a frame kept for resending is a copy.
            var data = sent.HasRoom ? next.Rgb24.ToArray() : next.Rgb24;
            sent.Sending(data);
            await WriteAsync(data).ConfigureAwait(false);
        }

        await writer.CompleteAsync().ConfigureAwait(false);
    }
}
