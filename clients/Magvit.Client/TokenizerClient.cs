using Google.Protobuf;
using Magvit.Client.Channels;
using Magvit.Client.Streams;
using Magvit.Client.Wire;
using Magvit.Contracts.V1;

namespace Magvit.Client;

/// <summary>The tokenizer service's client: unary calls through the resilience pipeline, streams that resume.</summary>
public sealed class TokenizerClient : ITokenizerClient
{
    private readonly ServiceConnection connection;

    internal TokenizerClient(ServiceConnection connection) => this.connection = connection;

    /// <inheritdoc />
    public Task<ModelDescription> GetModelInfoAsync(CancellationToken cancellationToken = default)
        => connection.UnaryAsync(
            (invoker, options) => new TokenizerService.TokenizerServiceClient(invoker).GetModelInfoAsync(new TokenizerServiceGetModelInfoRequest(), options),
            response => HeaderMapping.FromWire(response.Model),
            cancellationToken);

    /// <inheritdoc />
    public Task<TokenImage> TokenizeImageAsync(RgbFrame image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var request = new TokenizeImageRequest
        {
            Image = new Image { Width = (uint)image.Width, Height = (uint)image.Height, PixelFormat = PixelFormat.Rgb24, Data = UnsafeByteOperations.UnsafeWrap(image.Rgb24) },
            TokenEncoding = TokenEncoding.Packed,
        };
        return connection.UnaryAsync(
            (invoker, options) => new TokenizerService.TokenizerServiceClient(invoker).TokenizeImageAsync(request, options),
            response => new TokenImage(HeaderMapping.FromWire(response.Header), HeaderMapping.FromChunk(response.Tokens, response.Header).Single()),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<TokenizedVideo> TokenizeAsync(VideoFrames video, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(video);
        var session = new TokenizeSession(connection, video, cancellationToken);
        try
        {
            await session.OpenAsync().ConfigureAwait(false);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new TokenizedVideo(session);
    }
}
