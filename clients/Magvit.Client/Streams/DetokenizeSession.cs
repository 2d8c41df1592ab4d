using Grpc.Core;
using Magvit.Client.Channels;
using Magvit.Client.Wire;
using Magvit.Contracts.V1;

namespace Magvit.Client.Streams;

/// <summary>
/// A Detokenize stream. Keeps the latent frames it sent (up to MaxReplayLatentFrames; tokens are small): a resumed
/// call sends them again from latent frame 0, since the causal decoder's state depends on every earlier latent frame,
/// and starts at the last latent frame whose frames the caller has not all received; frames of it the caller already
/// has are dropped.
/// </summary>
internal sealed class DetokenizeSession : ResumableSession<RgbFrame>
{
    private readonly TokenStreamHeader tokens;
    private readonly TokenHeader wireTokens;
    private readonly SourcePump<TokenFrame> input;
    private readonly ReplayBuffer<TokenFrame> sent;
    private readonly Func<CancellationToken, Task<TokenGeometry>> serverGeometry;
    private TokenGeometry? geometry;
    private VideoFormat? format;

    /// <summary>
    /// A stream of <paramref name="tokens"/>. The frame rule that says where a resumed stream starts is the header's,
    /// or else <paramref name="serverGeometry"/>'s (the detokenizer's model info), asked only when a resume needs it.
    /// </summary>
    public DetokenizeSession(
        ServiceConnection connection,
        TokenStreamHeader tokens,
        IAsyncEnumerable<TokenFrame> tokenFrames,
        Func<CancellationToken, Task<TokenGeometry>> serverGeometry,
        CancellationToken cancellationToken)
        : base(connection, cancellationToken)
    {
        this.tokens = tokens;
        wireTokens = HeaderMapping.ToWire(tokens);
        geometry = tokens.Geometry;
        this.serverGeometry = serverGeometry;
        input = new SourcePump<TokenFrame>(tokenFrames, Lifetime);
        var resume = connection.Options.Resume;
        sent = new ReplayBuffer<TokenFrame>(resume.Enabled ? resume.MaxReplayLatentFrames : 0);
    }

    /// <summary>The frames' format (after <see cref="ResumableSession{TOut}.OpenAsync"/>).</summary>
    public VideoFormat Format => format ?? throw new InvalidOperationException("The stream is not open.");

    /// <summary>The last call's summary, once the stream ended.</summary>
    public StreamReport? Report { get; private set; }

    /// <inheritdoc />
    protected override async Task<StreamAttempt<RgbFrame>> StartAttemptAsync(CancellationToken cancellationToken)
    {
        // Frames delivered so far → the first latent frame not wholly delivered, its first frame, and the frames of it
        // the caller already has.
        long start = 0, firstFrame = 0;
        if (Delivered > 0)
        {
            geometry ??= await serverGeometry(cancellationToken).ConfigureAwait(false);
            start = geometry.WholeLatentFrames(Delivered);
            firstFrame = geometry.FirstFrame(start);
        }

        var opening = new DetokenizeHeader { Tokens = wireTokens, PixelFormat = PixelFormat.Rgb24, StreamId = StreamId, StartLatentFrame = (ulong)start };
        var attempt = await DetokenizeAttempt.StartAsync(
            Connection, opening, Deadline, firstFrame, Delivered - firstFrame, WriteTokensAsync, summary => Report = HeaderMapping.FromWire(summary), cancellationToken).ConfigureAwait(false);
        if (format is null)
        {
            format = attempt.Format;
        }
        else if (format != attempt.Format)
        {
            await attempt.DisposeAsync().ConfigureAwait(false);
            throw new MagvitResumeException(StatusCode.FailedPrecondition, $"The resumed detokenizer stream has another format ({attempt.Format}) than the broken one ({format}).", null);
        }

        if (start > 0)
        {
            StreamLog.Resumed(Connection.Logger, Connection.Service, StreamId, start);
        }

        return attempt;
    }

    /// <inheritdoc />
    protected override string? CannotResume()
        => sent.HoldsAll ? null : $"{sent.Sent} latent frames were sent and only MaxReplayLatentFrames = {sent.Capacity} are kept for sending again";

    /// <inheritdoc />
    protected override ValueTask DisposeInputAsync() => input.DisposeAsync();

    /// <summary>Every latent frame sent so far, then the rest of the input, one packed chunk each numbered from 0; then the half-close.</summary>
    private async Task WriteTokensAsync(IClientStreamWriter<DetokenizeRequest> writer, Action touch, CancellationToken cancellationToken)
    {
        ulong sequence = 0;
        async Task WriteAsync(TokenFrame frame)
        {
            TokenChunk chunk;
            try
            {
                chunk = HeaderMapping.ToChunk(sequence++, frame, tokens.CodebookBits);
            }
            catch (ArgumentException e)
            {
                throw new SourceFailedException(e);
            }

            await writer.WriteAsync(new DetokenizeRequest { Tokens = chunk }, cancellationToken).ConfigureAwait(false);
            touch();
        }

        foreach (var frame in sent.Items)
        {
            await WriteAsync(frame).ConfigureAwait(false);
        }

        while (await input.ReadAsync(cancellationToken).ConfigureAwait(false) is (true, var next))
        {
            if (next!.LatentFrame != sent.Sent || next.Ids.Length != tokens.TokensPerFrame)
            {
                throw new SourceFailedException(new ArgumentException(
                    $"Latent frame {next.LatentFrame} with {next.Ids.Length} ids arrived where latent frame {sent.Sent} with {tokens.GridHeight}×{tokens.GridWidth} ids was due."));
            }

            sent.Sending(next);
            await WriteAsync(next).ConfigureAwait(false);
        }

        await writer.CompleteAsync().ConfigureAwait(false);
    }
}
