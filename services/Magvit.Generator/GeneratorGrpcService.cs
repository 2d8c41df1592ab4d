using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Magvit.Contracts;
using Magvit.Contracts.V1;
using Magvit.Hosting;
using Magvit.Model.Generation;

namespace Magvit.Generator;

/// <summary>
/// Adapter: validates the request, echoes the prompt's latent frames, hands the generation to the runtime and
/// writes tokens as the model produces them (whole frames as token chunks; rows as well when asked). No tensor code.
/// </summary>
public sealed class GeneratorGrpcService(GeneratorEngineHost host, StreamAdmission admission, ServiceMetrics metrics) : GeneratorService.GeneratorServiceBase
{
    /// <summary>Full gRPC service name, for health checks.</summary>
    public const string ServiceName = "magvit.v1.GeneratorService";

    /// <inheritdoc />
    public override async Task Generate(GenerateRequest request, IServerStreamWriter<GenerateResponse> responseStream, ServerCallContext context)
    {
        var cancel = context.CancellationToken;
        using var ticket = admission.Admit();
        var clock = Stopwatch.StartNew();
        var engine = host.Engine;
        var served = host.Model!;
        var generation = GenerationContract.ToRequest(request, served);
        var start = request.StartLatentFrame;
        if (start > (ulong)generation.Grid.Frames)
        {
            throw new RequestValidationException("start_latent_frame", $"must be at most the stream's {generation.Grid.Frames} latent frames, got {start}");
        }

        var run = engine.Generate(generation, cancel);

        var grid = generation.Grid;
        var bits = served.Description.Factorization.TotalBits;
        var encoding = request.TokenEncoding == TokenEncoding.Uint32 ? TokenEncoding.Uint32 : TokenEncoding.Packed;
        var header = GenerationContract.Header(served, grid.Frames);
        await responseStream.WriteAsync(new GenerateResponse { Header = header }, cancel).ConfigureAwait(false);

        // A resumed stream (start_latent_frame > 0) generates everything again (the same seed draws the same tokens)
        // and sends the chunks from the start on, numbered as the uninterrupted stream numbered them.
        ulong chunks = 0;
        async Task WriteFrame(int latentFrame, uint[] ids)
        {
            var number = chunks++;
            if ((ulong)latentFrame >= start)
            {
                var chunk = TokenChunkCodec.Create(number, (ulong)latentFrame, 1, ids, bits, encoding);
                await responseStream.WriteAsync(new GenerateResponse { Tokens = chunk }, cancel).ConfigureAwait(false);
            }
        }

        var prompt = generation.Condition.PromptTokens;
        for (var f = 0; f < generation.PromptFrames; f++)
        {
            var ids = new uint[grid.TokensPerFrame];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = (uint)prompt[(f * grid.TokensPerFrame) + i];
            }

            await WriteFrame(f, ids).ConfigureAwait(false);
        }

        var rows = request.StreamRows && served.Description.Kind == GeneratorKind.Autoregressive;
        var assembler = new FrameTokenAssembler(grid.TokensPerFrame, generation.PromptFrames);
        TimeSpan? firstToken = null;
        long generated = 0, steps = 0;
        await foreach (var produced in run.ReadAllAsync(cancel).ConfigureAwait(false))
        {
            if (rows && (ulong)(produced.FirstIndex / grid.TokensPerFrame) >= start)
            {
                await responseStream.WriteAsync(new GenerateResponse { Rows = Rows(produced, grid, bits, encoding) }, cancel).ConfigureAwait(false);
                firstToken ??= clock.Elapsed;
            }

            foreach (var (frame, ids) in assembler.Add(produced))
            {
                await WriteFrame(frame, ids).ConfigureAwait(false);
                if ((ulong)frame >= start)
                {
                    firstToken ??= clock.Elapsed;
                }
            }

            (generated, steps) = (generated + produced.Ids.Count, produced.StepsSoFar);
        }

        if (assembler.NextFrame != grid.Frames)
        {
            throw new InvalidOperationException($"The model stopped after latent frame {assembler.NextFrame} of {grid.Frames}.");
        }

        await responseStream.WriteAsync(new GenerateResponse
        {
            Summary = new GenerationSummary
            {
                PromptLatentFrames = (ulong)generation.PromptFrames,
                GeneratedLatentFrames = (ulong)(grid.Frames - generation.PromptFrames),
                GeneratedTokens = (ulong)generated,
                Steps = (ulong)steps,
                Elapsed = Duration.FromTimeSpan(clock.Elapsed),
                TimeToFirstToken = Duration.FromTimeSpan(firstToken ?? TimeSpan.Zero),
                QueueTime = Duration.FromTimeSpan(run.QueueTime ?? TimeSpan.Zero),
            },
        }, cancel).ConfigureAwait(false);
        metrics.RecordStream(context.Method, clock.Elapsed, firstToken);
    }

    /// <inheritdoc />
    public override async Task<ScoreResponse> Score(ScoreRequest request, ServerCallContext context)
    {
        var engine = host.Engine;
        var (grid, classId, tokens) = GenerationContract.ToScore(request, host.Model!);
        var logProbs = await engine.ScoreAsync(grid, classId, tokens, context.CancellationToken).ConfigureAwait(false);
        var totalBits = -logProbs.Sum(lp => (double)lp) / Math.Log(2);
        var response = new ScoreResponse { TotalBits = totalBits, BitsPerToken = totalBits / logProbs.Length };
        response.LogProbs.AddRange(logProbs);
        return response;
    }

    /// <inheritdoc />
    public override Task<GeneratorServiceGetModelInfoResponse> GetModelInfo(GeneratorServiceGetModelInfoRequest request, ServerCallContext context)
    {
        _ = host.Engine;
        return Task.FromResult(new GeneratorServiceGetModelInfoResponse { Model = GenerationContract.ModelInfo(host.Model!) });
    }

    private static TokenRows Rows(GeneratedTokens produced, TokenGrid grid, int bits, TokenEncoding encoding)
    {
        var ids = produced.Ids.Select(id => (uint)id).ToArray();
        var rows = new TokenRows
        {
            LatentFrame = (ulong)(produced.FirstIndex / grid.TokensPerFrame),
            FirstRow = (uint)(produced.FirstIndex % grid.TokensPerFrame / grid.Width),
            RowCount = (uint)(ids.Length / grid.Width),
        };
        if (encoding == TokenEncoding.Uint32)
        {
            rows.TokenIds = new TokenIdList { Ids = { ids } };
        }
        else
        {
            rows.PackedTokens = Google.Protobuf.UnsafeByteOperations.UnsafeWrap(TokenPacking.Pack(ids, bits));
        }

        return rows;
    }
}
