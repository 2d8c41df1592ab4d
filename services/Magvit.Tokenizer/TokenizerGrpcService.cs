using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Magvit.Contracts;
using Magvit.Contracts.V1;
using Magvit.Hosting;
using Microsoft.Extensions.Options;

namespace Magvit.Tokenizer;

/// <summary>
/// Adapter: validates requests, assembles whole frames from the chunk byte stream, hands them to the runtime
/// session, and writes each latent frame's tokens as soon as the runtime returns it. No tensor code here.
/// </summary>
public sealed class TokenizerGrpcService(TokenizerEngineHost host, StreamAdmission admission, ServiceMetrics metrics, IOptions<MagvitHostOptions> options)
    : TokenizerService.TokenizerServiceBase
{
    /// <summary>Full gRPC service name, for health checks.</summary>
    public const string ServiceName = "magvit.v1.TokenizerService";

    /// <inheritdoc />
    public override async Task Tokenize(IAsyncStreamReader<TokenizeRequest> requestStream, IServerStreamWriter<TokenizeResponse> responseStream, ServerCallContext context)
    {
        var cancel = context.CancellationToken;
        using var ticket = admission.Admit();
        var clock = Stopwatch.StartNew();
        TimeSpan? firstChunk = null;
        if (!await requestStream.MoveNext(cancel).ConfigureAwait(false))
        {
            throw new RequestValidationException("header", "the stream is empty: its first message must be the header");
        }

        var header = requestStream.Current.PayloadCase == TokenizeRequest.PayloadOneofCase.Header
            ? requestStream.Current.Header
            : throw new RequestValidationException("header", "the first message must be the header");
        var engine = host.Engine;
        var served = host.Model!;
        Validate(header, served);

        var frames = header.Frames;
        using var session = engine.StartEncoding((int)frames.Height, (int)frames.Width);
        ulong? latentFrames = frames.HasFrameCount ? (ulong)served.Config.LatentFrames(checked((int)frames.FrameCount)) : null;
        await responseStream.WriteAsync(new TokenizeResponse
        {
            Header = ContractMapping.TokenHeader(served, (uint)session.LatentHeight, (uint)session.LatentWidth, latentFrames),
        }, cancel).ConfigureAwait(false);

        var encoding = header.TokenEncoding == TokenEncoding.Uint32 ? TokenEncoding.Uint32 : TokenEncoding.Packed;
        var bits = served.Config.LatentChannels;
        var validator = Check("header.frames", () => new FrameChunkValidator(frames));
        var assembler = new FrameAssembler(checked((int)FrameLayout.FrameBytes(frames)));
        var start = header.StartLatentFrame;
        if (latentFrames is { } total && start > total)
        {
            throw new RequestValidationException("header.start_latent_frame", $"must be at most the stream's {total} latent frames, got {start}");
        }

        ulong sequence = 0, sent = 0, tokens = 0, chunksIn = 0;

        // A resumed stream (start_latent_frame > 0) recomputes every latent frame, since each depends on all earlier
        // frames, and sends only those from the start on, numbered as the uninterrupted stream numbered them.
        async Task WriteTokens(IAsyncEnumerable<Magvit.Runtime.Sessions.TokenFrame> produced)
        {
            await foreach (var frame in produced.ConfigureAwait(false))
            {
                var number = sequence++;
                if ((ulong)frame.Index < start)
                {
                    continue;
                }

                var ids = Array.ConvertAll(frame.TokenIds, id => (uint)id);
                var chunk = TokenChunkCodec.Create(number, (ulong)frame.Index, 1, ids, bits, encoding);
                await responseStream.WriteAsync(new TokenizeResponse { Tokens = chunk }, cancel).ConfigureAwait(false);
                firstChunk ??= clock.Elapsed;
                (sent, tokens) = (sent + 1, tokens + (ulong)ids.Length);
            }
        }

        while (await requestStream.MoveNext(cancel).ConfigureAwait(false))
        {
            var message = requestStream.Current;
            if (message.PayloadCase != TokenizeRequest.PayloadOneofCase.Frames)
            {
                throw new RequestValidationException("header", "the header may appear only once, first");
            }

            chunksIn++;
            var whole = assembler.Add(Check("frames", () => validator.Accept(message.Frames)));
            if (!whole.IsEmpty)
            {
                await WriteTokens(session.PushAsync(whole, cancel)).ConfigureAwait(false);
            }
        }

        Check("frames", validator.Complete);
        if (validator.CompleteFrames == 0)
        {
            throw new RequestValidationException("frames", "the stream carried no frames");
        }

        await WriteTokens(session.CompleteAsync(cancel)).ConfigureAwait(false);
        if ((ulong)session.LatentFramesOut < start)
        {
            throw new RequestValidationException("header.start_latent_frame", $"must be at most the stream's {session.LatentFramesOut} latent frames, got {start}");
        }

        await responseStream.WriteAsync(new TokenizeResponse
        {
            Summary = new StreamSummary
            {
                Frames = validator.CompleteFrames,
                UnusedFrames = validator.CompleteFrames - (ulong)served.Config.DecodedFrames((int)session.LatentFramesOut),
                LatentFrames = sent,
                Tokens = tokens,
                ChunksReceived = chunksIn,
                ChunksSent = sent,
                Elapsed = Duration.FromTimeSpan(clock.Elapsed),
                TimeToFirstChunk = Duration.FromTimeSpan(firstChunk ?? TimeSpan.Zero),
            },
        }, cancel).ConfigureAwait(false);
        metrics.RecordStream(context.Method, clock.Elapsed, firstChunk);
    }

    /// <inheritdoc />
    public override async Task<TokenizeImageResponse> TokenizeImage(TokenizeImageRequest request, ServerCallContext context)
    {
        var engine = host.Engine;
        var served = host.Model!;
        var image = request.Image ?? throw new RequestValidationException("image", "is required");
        FrameGeometryRules.Require("image", image.Width, image.Height, image.PixelFormat, served.Config, options.Value);
        RequireIdentity(request.ExpectedModel, served);
        var expected = (long)image.Width * image.Height * 3;
        if (image.Data.Length != expected)
        {
            throw new RequestValidationException("image.data", $"must hold width·height·3 = {expected} bytes, got {image.Data.Length}");
        }

        var ids = (await engine.EncodeImagesAsync([image.Data.Memory], (int)image.Height, (int)image.Width, context.CancellationToken).ConfigureAwait(false))[0];
        var factor = (uint)served.Config.SpatialFactor;
        var encoding = request.TokenEncoding == TokenEncoding.Uint32 ? TokenEncoding.Uint32 : TokenEncoding.Packed;
        return new TokenizeImageResponse
        {
            Header = ContractMapping.TokenHeader(served, image.Height / factor, image.Width / factor, 1),
            Tokens = TokenChunkCodec.Create(0, 0, 1, Array.ConvertAll(ids, id => (uint)id), served.Config.LatentChannels, encoding),
        };
    }

    /// <inheritdoc />
    public override Task<TokenizerServiceGetModelInfoResponse> GetModelInfo(TokenizerServiceGetModelInfoRequest request, ServerCallContext context)
    {
        _ = host.Engine;
        return Task.FromResult(new TokenizerServiceGetModelInfoResponse { Model = ContractMapping.ModelInfo(host.Model!, options.Value) });
    }

    private void Validate(TokenizeHeader header, ServedModel served)
    {
        var frames = header.Frames ?? throw new RequestValidationException("header.frames", "is required");
        FrameGeometryRules.Require("header.frames", frames.Width, frames.Height, frames.PixelFormat, served.Config, options.Value);
        if (frames.HasFrameCount && frames.FrameCount is 0 or > int.MaxValue)
        {
            throw new RequestValidationException("header.frames.frame_count", $"must be 1 … {int.MaxValue} when set, got {frames.FrameCount}");
        }

        RequireIdentity(header.ExpectedModel, served);
    }

    /// <summary>Runs a frame-contract check whose violations name request field <paramref name="field"/>.</summary>
    private static T Check<T>(string field, Func<T> check)
    {
        try
        {
            return check();
        }
        catch (ArgumentException e)
        {
            throw new RequestValidationException(field, e);
        }
    }

    private static void Check(string field, Action check) => Check(field, () =>
    {
        check();
        return true;
    });

    private static void RequireIdentity(ModelIdentity? expected, ServedModel served)
    {
        if (ContractMapping.IdentityMismatch(expected, served) is { } mismatch)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, mismatch));
        }
    }
}
