using System.Security.Cryptography;
using Magvit.Client.Channels;
using Magvit.Client.Streams;
using Magvit.Client.Wire;
using Magvit.Contracts.V1;

namespace Magvit.Client;

/// <summary>The generator service's client: unary calls through the resilience pipeline, generations that resume.</summary>
public sealed class GeneratorClient : IGeneratorClient
{
    private readonly ServiceConnection connection;

    internal GeneratorClient(ServiceConnection connection) => this.connection = connection;

    /// <inheritdoc />
    public Task<GeneratorModelDescription> GetModelInfoAsync(CancellationToken cancellationToken = default)
        => connection.UnaryAsync(
            (invoker, options) => new GeneratorService.GeneratorServiceClient(invoker).GetModelInfoAsync(new GeneratorServiceGetModelInfoRequest(), options),
            response => GenerationMapping.FromWire(response.Model),
            cancellationToken);

    /// <inheritdoc />
    public async Task<GeneratedTokens> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        // A resumed generation must draw the same tokens: sampling needs a seed both calls share.
        var seed = request.Options.Seed ?? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
        var session = new GenerateSession(connection, GenerationMapping.ToWire(request, seed, string.Empty), cancellationToken);
        try
        {
            await session.OpenAsync().ConfigureAwait(false);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new GeneratedTokens(session, seed, request.Prompt?.Frames.Count ?? 0);
    }

    /// <inheritdoc />
    public Task<TokenScore> ScoreAsync(TokenStreamHeader header, IReadOnlyList<TokenFrame> tokens, int? classId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(tokens);
        var request = new ScoreRequest { Header = HeaderMapping.ToWire(header with { LatentFrames = tokens.Count }) };
        request.Tokens.AddRange(tokens.Select((frame, i) => HeaderMapping.ToChunk((ulong)i, frame, header.CodebookBits)));
        if (classId is { } id)
        {
            request.ClassId = (uint)id;
        }

        return connection.UnaryAsync(
            (invoker, options) => new GeneratorService.GeneratorServiceClient(invoker).ScoreAsync(request, options),
            response => new TokenScore([.. response.LogProbs], response.TotalBits, response.BitsPerToken),
            cancellationToken);
    }
}
