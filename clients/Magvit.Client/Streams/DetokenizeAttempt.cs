using Grpc.Core;
using Magvit.Client.Channels;
using Magvit.Client.Wire;
using Magvit.Contracts.V1;

namespace Magvit.Client.Streams;

/// <summary>One Detokenize call: header out, the server's frame header in, then token chunks out and frame chunks in.</summary>
internal sealed class DetokenizeAttempt : StreamAttempt<RgbFrame>
{
    private readonly AsyncDuplexStreamingCall<DetokenizeRequest, DetokenizeResponse> call;
    private readonly Action<StreamSummary> onSummary;
    private FrameReceiver receiver = null!;
    private StreamSummary? summary;

    private DetokenizeAttempt(ServiceConnection connection, DateTime deadline, Action<StreamSummary> onSummary, CancellationToken lifetime)
        : base(connection.Service, connection.Options.StreamIdleTimeout, connection.Options.TimeProvider, lifetime)
    {
        this.onSummary = onSummary;
        var client = new DetokenizerService.DetokenizerServiceClient(connection.Invoker);
        call = client.Detokenize(new CallOptions(deadline: deadline, cancellationToken: Token));
        Own(call);
    }

    /// <summary>The frames' format, from the server's header (the same on every call of a stream).</summary>
    public VideoFormat Format { get; private set; } = null!;

    /// <summary>
    /// Opens a call with <paramref name="header"/>, reads the server's frame header, then starts
    /// <paramref name="writeTokens"/>. Frames arrive from <paramref name="firstFrame"/> on (the first frame of the start
    /// latent frame); the first <paramref name="skip"/> of them the caller already has.
    /// </summary>
    public static async Task<DetokenizeAttempt> StartAsync(
        ServiceConnection connection,
        DetokenizeHeader header,
        DateTime deadline,
        long firstFrame,
        long skip,
        Func<IClientStreamWriter<DetokenizeRequest>, Action, CancellationToken, Task> writeTokens,
        Action<StreamSummary> onSummary,
        CancellationToken lifetime)
    {
        var attempt = new DetokenizeAttempt(connection, deadline, onSummary, lifetime);
        try
        {
            await attempt.call.RequestStream.WriteAsync(new DetokenizeRequest { Header = header }, attempt.Token).ConfigureAwait(false);
            if (!await attempt.call.ResponseStream.MoveNext(attempt.Token).ConfigureAwait(false)
                || attempt.call.ResponseStream.Current.PayloadCase != DetokenizeResponse.PayloadOneofCase.Header)
            {
                throw attempt.Broken("the first response is not the frame header");
            }

            attempt.Touch();
            attempt.Format = HeaderMapping.FromWire(attempt.call.ResponseStream.Current.Header);
            attempt.receiver = new FrameReceiver(attempt.Format, firstFrame, skip);
            attempt.StartWriter(token => writeTokens(attempt.call.RequestStream, attempt.Touch, token));
            return attempt;
        }
        catch
        {
            await attempt.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public override async ValueTask<(bool Has, RgbFrame? Item)> ReadAsync()
    {
        while (receiver.Pending == 0)
        {
            if (!await call.ResponseStream.MoveNext(Token).ConfigureAwait(false))
            {
                if (summary is null || !receiver.AtFrameBoundary)
                {
                    throw Broken(summary is null ? "the stream ended without a summary" : "the stream ended inside a frame");
                }

                onSummary(summary);
                return (false, null);
            }

            Touch();
            var message = call.ResponseStream.Current;
            switch (message.PayloadCase)
            {
                case DetokenizeResponse.PayloadOneofCase.Frames when summary is null:
                    if (receiver.Accept(message.Frames) is { } problem)
                    {
                        throw Broken(problem);
                    }

                    break;
                case DetokenizeResponse.PayloadOneofCase.Summary when summary is null:
                    summary = message.Summary;
                    break;
                default:
                    throw Broken($"a {message.PayloadCase} message arrived out of place");
            }
        }

        return (true, receiver.Take());
    }
}
