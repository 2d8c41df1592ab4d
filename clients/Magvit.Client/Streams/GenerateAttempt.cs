using Grpc.Core;
using Magvit.Client.Channels;
using Magvit.Contracts.V1;

namespace Magvit.Client.Streams;

/// <summary>One Generate call: the request out, the token header in, then token chunks (rows are not used here) and the summary.</summary>
internal sealed class GenerateAttempt : TokenStreamAttempt<GenerateResponse, GenerationSummary>
{
    private readonly AsyncServerStreamingCall<GenerateResponse> call;

    private GenerateAttempt(ServiceConnection connection, GenerateRequest request, DateTime deadline, Action<GenerationSummary> onSummary, CancellationToken lifetime)
        : base(connection, onSummary, lifetime)
    {
        var client = new GeneratorService.GeneratorServiceClient(connection.Invoker);
        call = client.Generate(request, new CallOptions(deadline: deadline, cancellationToken: Token));
        Own(call);
    }

    /// <inheritdoc />
    protected override IAsyncStreamReader<GenerateResponse> Responses => call.ResponseStream;

    /// <summary>Sends <paramref name="request"/> and reads the server's token header.</summary>
    public static async Task<GenerateAttempt> StartAsync(
        ServiceConnection connection, GenerateRequest request, DateTime deadline, Action<GenerationSummary> onSummary, CancellationToken lifetime)
    {
        var attempt = new GenerateAttempt(connection, request, deadline, onSummary, lifetime);
        try
        {
            await attempt.ReadHeaderAsync(request.StartLatentFrame).ConfigureAwait(false);
            return attempt;
        }
        catch
        {
            await attempt.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    protected override ResponsePart Read(GenerateResponse response) => response.PayloadCase switch
    {
        GenerateResponse.PayloadOneofCase.Header => new("Header", Header: response.Header),
        GenerateResponse.PayloadOneofCase.Tokens => new("Tokens", Chunk: response.Tokens),
        GenerateResponse.PayloadOneofCase.Summary => new("Summary", Summary: response.Summary),

        // Rows precede their frame's chunk; the facade hands out whole latent frames only.
        GenerateResponse.PayloadOneofCase.Rows => new("Rows", Skip: true),
        _ => new(response.PayloadCase.ToString()),
    };
}
