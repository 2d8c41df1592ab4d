using Grpc.Core;
using Magvit.Client.Channels;
using Magvit.Contracts.V1;

namespace Magvit.Client.Streams;

/// <summary>One Generate call: the request out, the token header in, then token chunks (rows are not used here) and the summary.</summary>
internal sealed class GenerateAttempt : StreamAttempt<TokenFrame>
{
    private readonly AsyncServerStreamingCall<GenerateResponse> call;
    private readonly Action<GenerationSummary> onSummary;
    private TokenChunkReader reader = null!;
    private GenerationSummary? summary;

    private GenerateAttempt(ServiceConnection connection, GenerateRequest request, DateTime deadline, Action<GenerationSummary> onSummary, CancellationToken lifetime)
        : base(connection.Service, connection.Options.StreamIdleTimeout, connection.Options.TimeProvider, lifetime)
    {
        this.onSummary = onSummary;
        var client = new GeneratorService.GeneratorServiceClient(connection.Invoker);
        call = client.Generate(request, new CallOptions(deadline: deadline, cancellationToken: Token));
        Own(call);
    }

    /// <summary>The server's token header (the same on every call of a stream).</summary>
    public TokenHeader Header { get; private set; } = null!;

    /// <summary>Sends <paramref name="request"/> and reads the server's token header.</summary>
    public static async Task<GenerateAttempt> StartAsync(
        ServiceConnection connection, GenerateRequest request, DateTime deadline, Action<GenerationSummary> onSummary, CancellationToken lifetime)
    {
        var attempt = new GenerateAttempt(connection, request, deadline, onSummary, lifetime);
        try
        {
            if (!await attempt.call.ResponseStream.MoveNext(attempt.Token).ConfigureAwait(false)
                || attempt.call.ResponseStream.Current.PayloadCase != GenerateResponse.PayloadOneofCase.Header)
            {
                throw attempt.Broken("the first response is not the token header");
            }

            attempt.Touch();
            attempt.Header = attempt.call.ResponseStream.Current.Header;
            attempt.reader = new TokenChunkReader(attempt.Header, request.StartLatentFrame);
            return attempt;
        }
        catch
        {
            await attempt.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public override async ValueTask<(bool Has, TokenFrame? Item)> ReadAsync()
    {
        while (reader.Pending == 0)
        {
            if (!await call.ResponseStream.MoveNext(Token).ConfigureAwait(false))
            {
                if (summary is null)
                {
                    throw Broken("the stream ended without a summary");
                }

                onSummary(summary);
                return (false, null);
            }

            Touch();
            var message = call.ResponseStream.Current;
            switch (message.PayloadCase)
            {
                case GenerateResponse.PayloadOneofCase.Tokens when summary is null:
                    if (reader.Accept(message.Tokens) is { } problem)
                    {
                        throw Broken(problem);
                    }

                    break;
                case GenerateResponse.PayloadOneofCase.Rows when summary is null:
                    // Rows precede their frame's chunk; the facade hands out whole latent frames only.
                    break;
                case GenerateResponse.PayloadOneofCase.Summary when summary is null:
                    summary = message.Summary;
                    break;
                default:
                    throw Broken($"a {message.PayloadCase} message arrived out of place");
            }
        }

        return (true, reader.Take());
    }
}
