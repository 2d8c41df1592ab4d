using Magvit.Client.Channels;
using Magvit.Client.Streams;
using Magvit.Client.Wire;
using Magvit.Contracts.V1;

namespace Magvit.Client;

/// <summary>The detokenizer service's client: unary calls through the resilience pipeline, streams that resume.</summary>
public sealed class DetokenizerClient : IDetokenizerClient
{
    private readonly ServiceConnection connection;

    internal DetokenizerClient(ServiceConnection connection) => this.connection = connection;

    /// <inheritdoc />
    public Task<ModelDescription> GetModelInfoAsync(CancellationToken cancellationToken = default)
        => connection.UnaryAsync(
            (invoker, options) => new DetokenizerService.DetokenizerServiceClient(invoker).GetModelInfoAsync(new DetokenizerServiceGetModelInfoRequest(), options),
            response => HeaderMapping.FromWire(response.Model),
            cancellationToken);

    /// <inheritdoc />
    public Task<RgbFrame> DetokenizeImageAsync(TokenStreamHeader header, TokenFrame tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(tokens);
        var request = new DetokenizeImageRequest
        {
            Header = HeaderMapping.ToWire(header with { LatentFrames = 1 }),
            Tokens = HeaderMapping.ToChunk(0, tokens with { LatentFrame = 0 }, header.CodebookBits),
            PixelFormat = PixelFormat.Rgb24,
        };
        return connection.UnaryAsync(
            (invoker, options) => new DetokenizerService.DetokenizerServiceClient(invoker).DetokenizeImageAsync(request, options),
            response => new RgbFrame((int)response.Image.Width, (int)response.Image.Height, response.Image.Data.Memory),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<DecodedVideo> DetokenizeAsync(TokenStreamHeader header, IAsyncEnumerable<TokenFrame> tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(tokens);
        var session = new DetokenizeSession(connection, header, tokens, async token => (await GetModelInfoAsync(token).ConfigureAwait(false)).Geometry, cancellationToken);
        try
        {
            await session.OpenAsync().ConfigureAwait(false);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new DecodedVideo(session);
    }
}
