using Grpc.Core;
using Magvit.Client.Channels;
using Magvit.Client.Wire;
using Magvit.Contracts.V1;

namespace Magvit.Client.Streams;

/// <summary>
/// A Generate stream. Generation is deterministic for a model, request and seed, so a resumed call sends the same
/// request (same seed) with start_latent_frame at the first latent frame the caller has not received.
/// </summary>
internal sealed class GenerateSession(ServiceConnection connection, GenerateRequest request, CancellationToken cancellationToken)
    : ResumableSession<TokenFrame>(connection, cancellationToken)
{
    private TokenHeader? header;

    /// <summary>The stream's token header (after <see cref="ResumableSession{TOut}.OpenAsync"/>).</summary>
    public TokenStreamHeader Header => HeaderMapping.FromWire(header ?? throw new InvalidOperationException("The stream is not open."));

    /// <summary>The generator's summary, once the stream ended.</summary>
    public GenerationReport? Report { get; private set; }

    /// <inheritdoc />
    protected override async Task<StreamAttempt<TokenFrame>> StartAttemptAsync(CancellationToken cancellationToken)
    {
        var call = request.Clone();
        call.StreamId = StreamId;
        call.StartLatentFrame = (ulong)Delivered;
        var attempt = await GenerateAttempt.StartAsync(Connection, call, Deadline, summary => Report = GenerationMapping.FromWire(summary), cancellationToken).ConfigureAwait(false);
        if (header is null)
        {
            header = attempt.Header;
        }
        else if (!header.Equals(attempt.Header))
        {
            await attempt.DisposeAsync().ConfigureAwait(false);
            throw new MagvitResumeException(StatusCode.FailedPrecondition, $"The resumed generator stream has another header ({attempt.Header}) than the broken one ({header}): the server now serves other weights.", null);
        }

        if (Delivered > 0)
        {
            StreamLog.Resumed(Connection.Logger, Connection.Service, StreamId, Delivered);
        }

        return attempt;
    }
}
