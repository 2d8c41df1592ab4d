using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Magvit.Contracts;
using Magvit.Contracts.V1;
using Magvit.Hosting;
using Microsoft.Extensions.Options;

namespace Magvit.Detokenizer;

/// <summary>
/// Adapter: validates the token header and chunks against the served model, hands each latent frame's ids to the
/// runtime session, and streams the decoded RGB24 frames back in ≤ 64 KiB chunks as they come. No tensor code here.
/// </summary>
public sealed class DetokenizerGrpcService(TokenizerEngineHost host, StreamAdmission admission, ServiceMetrics metrics, IOptions<MagvitHostOptions> options)
    : DetokenizerService.DetokenizerServiceBase
{
    /// <summary>Full gRPC service name, for health checks.</summary>
    public const string ServiceName = "magvit.v1.DetokenizerService";

    /// <inheritdoc />
    public override async Task Detokenize(IAsyncStreamReader<DetokenizeRequest> requestStream, IServerStreamWriter<DetokenizeResponse> responseStream, ServerCallContext context)
    {
        var cancel = context.CancellationToken;
        using var ticket = admission.Admit();
        var clock = Stopwatch.StartNew();
        TimeSpan? firstChunk = null;
        if (!await requestStream.MoveNext(cancel).ConfigureAwait(false))
        {
            throw new RequestValidationException("header", "the stream is empty: its first message must be the header");
        }

        var header = requestStream.Current.PayloadCase == DetokenizeRequest.PayloadOneofCase.Header
            ? requestStream.Current.Header
            : throw new RequestValidationException("header", "the first message must be the header");
        var engine = host.Engine;
        var served = host.Model!;
        var tokens = RequireTokenHeader(header.Tokens, "header.tokens", served);
        var start = header.StartLatentFrame;
        if (tokens.Grid.HasFrames && start > tokens.Grid.Frames)
        {
            throw new RequestValidationException("header.start_latent_frame", $"must be at most the header's {tokens.Grid.Frames} latent frames, got {start}");
        }

        RequirePixelFormat(header.PixelFormat, "header.pixel_format");
        using var session = engine.StartDecoding((int)tokens.Grid.Height, (int)tokens.Grid.Width);
        var frameHeader = new FrameHeader { Width = (uint)session.Width, Height = (uint)session.Height, PixelFormat = PixelFormat.Rgb24 };
        if (tokens.Grid.HasFrames)
        {
            frameHeader.FrameCount = (ulong)served.Config.DecodedFrames(checked((int)tokens.Grid.Frames));
        }

        await responseStream.WriteAsync(new DetokenizeResponse { Header = frameHeader }, cancel).ConfigureAwait(false);
        var chunker = new FrameChunker();
        var sequence = new TokenChunkSequence(tokens);
        ulong framesOut = 0, chunksOut = 0;

        // A resumed stream (start_latent_frame > 0) decodes every latent frame again, since the causal decoder's state
        // depends on all earlier ones, and sends the frames from the start's first frame on, chunked and numbered as
        // the uninterrupted stream chunked and numbered them.
        var firstFrame = TemporalLayout.FirstFrame(ContractMapping.Geometry(served.Config), start);

        async Task WriteFrames(IAsyncEnumerable<Magvit.Runtime.Sessions.DecodedFrame> produced)
        {
            await foreach (var frame in produced.ConfigureAwait(false))
            {
                if ((ulong)frame.Index < firstFrame)
                {
                    chunker.Skip(frame.Rgb24.Length);
                    continue;
                }

                foreach (var chunk in chunker.Chunk(frame.Rgb24))
                {
                    await responseStream.WriteAsync(new DetokenizeResponse { Frames = chunk }, cancel).ConfigureAwait(false);
                    firstChunk ??= clock.Elapsed;
                    chunksOut++;
                }

                framesOut++;
            }
        }

        while (await requestStream.MoveNext(cancel).ConfigureAwait(false))
        {
            var message = requestStream.Current;
            if (message.PayloadCase != DetokenizeRequest.PayloadOneofCase.Tokens)
            {
                throw new RequestValidationException("header", "the header may appear only once, first");
            }

            var ids = Check(() => sequence.Accept(message.Tokens));
            await WriteFrames(session.PushAsync(Array.ConvertAll(ids, id => (int)id), cancel)).ConfigureAwait(false);
        }

        Check(() =>
        {
            sequence.Complete();
            return true;
        });

        if (sequence.LatentFrames < start)
        {
            throw new RequestValidationException("header.start_latent_frame", $"must be at most the stream's {sequence.LatentFrames} latent frames, got {start}");
        }

        await WriteFrames(session.CompleteAsync(cancel)).ConfigureAwait(false);
        await responseStream.WriteAsync(new DetokenizeResponse
        {
            Summary = new StreamSummary
            {
                Frames = framesOut,
                LatentFrames = sequence.LatentFrames,
                Tokens = sequence.LatentFrames * tokens.Grid.Height * tokens.Grid.Width,
                ChunksReceived = sequence.Chunks,
                ChunksSent = chunksOut,
                Elapsed = Duration.FromTimeSpan(clock.Elapsed),
                TimeToFirstChunk = Duration.FromTimeSpan(firstChunk ?? TimeSpan.Zero),
            },
        }, cancel).ConfigureAwait(false);
        metrics.RecordStream(context.Method, clock.Elapsed, firstChunk);
    }

    /// <inheritdoc />
    public override async Task<DetokenizeImageResponse> DetokenizeImage(DetokenizeImageRequest request, ServerCallContext context)
    {
        var engine = host.Engine;
        var served = host.Model!;
        var tokens = RequireTokenHeader(request.Header, "header", served);
        if (tokens.Grid.HasFrames && tokens.Grid.Frames != 1)
        {
            throw new RequestValidationException("header.grid.frames", "must be 1 (or absent) for an image");
        }

        RequirePixelFormat(request.PixelFormat, "pixel_format");
        var chunk = request.Tokens ?? throw new RequestValidationException("tokens", "is required");
        if (chunk.FirstLatentFrame != 0 || chunk.LatentFrameCount != 1)
        {
            throw new RequestValidationException("tokens", "an image is one latent frame: first_latent_frame 0, latent_frame_count 1");
        }

        var ids = ReadIds(chunk, tokens);
        var (h, w) = ((int)tokens.Grid.Height, (int)tokens.Grid.Width);
        var pixels = (await engine.DecodeImagesAsync([Array.ConvertAll(ids, id => (int)id)], h, w, context.CancellationToken).ConfigureAwait(false))[0];
        var factor = (uint)served.Config.SpatialFactor;
        return new DetokenizeImageResponse
        {
            Image = new Image
            {
                Width = (uint)w * factor,
                Height = (uint)h * factor,
                PixelFormat = PixelFormat.Rgb24,
                Data = Google.Protobuf.UnsafeByteOperations.UnsafeWrap(pixels),
            },
        };
    }

    /// <inheritdoc />
    public override Task<DetokenizerServiceGetModelInfoResponse> GetModelInfo(DetokenizerServiceGetModelInfoRequest request, ServerCallContext context)
    {
        _ = host.Engine;
        return Task.FromResult(new DetokenizerServiceGetModelInfoResponse { Model = ContractMapping.ModelInfo(host.Model!, options.Value) });
    }

    private TokenHeader RequireTokenHeader(TokenHeader? tokens, string field, ServedModel served)
    {
        if (tokens is null)
        {
            throw new RequestValidationException(field, "is required");
        }

        var config = served.Config;
        if (tokens.CodebookBits != (uint)config.LatentChannels)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{field}.codebook_bits is {tokens.CodebookBits}; this server's model uses {config.LatentChannels}-bit tokens."));
        }

        if (ContractMapping.IdentityMismatch(tokens.Model, served) is { } mismatch)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, mismatch));
        }

        var grid = tokens.Grid ?? throw new RequestValidationException($"{field}.grid", "is required");
        FrameGeometryRules.RequireGrid($"{field}.grid", grid, config, options.Value);
        if (tokens.RasterOrder is not (RasterOrder.Unspecified or RasterOrder.TimeRowColumn) || tokens.BitOrder is not (TokenBitOrder.Unspecified or TokenBitOrder.LsbFirst))
        {
            throw new RequestValidationException($"{field}.raster_order", "only TIME_ROW_COLUMN raster order and LSB_FIRST bit order exist");
        }

        return tokens;
    }

    /// <summary>The chunk's ids under the token contract; violations name the request's <c>tokens</c> field.</summary>
    private static uint[] ReadIds(TokenChunk chunk, TokenHeader header)
    {
        try
        {
            return TokenChunkCodec.ReadIds(chunk, header);
        }
        catch (ArgumentException e)
        {
            throw new RequestValidationException("tokens", e);
        }
    }

    /// <summary>Runs a token-sequence check whose violations name the chunk field at fault under <c>tokens</c>.</summary>
    private static T Check<T>(Func<T> check)
    {
        try
        {
            return check();
        }
        catch (ContractViolationException e)
        {
            throw new RequestValidationException(e.Field == "tokens" ? "tokens" : $"tokens.{e.Field}", e);
        }
    }

    private static void RequirePixelFormat(PixelFormat format, string field)
    {
        if (format is not (PixelFormat.Unspecified or PixelFormat.Rgb24))
        {
            throw new RequestValidationException(field, $"must be PIXEL_FORMAT_RGB24, got {format}");
        }
    }
}
