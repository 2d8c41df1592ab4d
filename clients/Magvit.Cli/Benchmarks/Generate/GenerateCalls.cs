using System.Diagnostics;
using Magvit.Contracts.V1;
using Magvit.Model.Generation;
using Magvit.Runtime.Generation;

namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>
/// The calls <c>bench generate</c> times: a Generate call over loopback gRPC read to its end, and the same request
/// handed to the host's engine in-process (same model, same worker queue: the two differ only by the service and
/// the transport).
/// </summary>
internal static class GenerateCalls
{
    /// <summary>
    /// One Generate call read to its end. Returns the time from starting the call to the first generated token
    /// message (TokenRows, or a TokenChunk when no rows come first; the request has no prompt, so every chunk is
    /// generated) and the server's summary.
    /// </summary>
    public static async Task<(TimeSpan FirstToken, GenerationSummary Summary)> GrpcAsync(
        GeneratorService.GeneratorServiceClient client, GenerateRequest request, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        using var call = client.Generate(request, deadline: DateTime.UtcNow + deadline, cancellationToken: cancellationToken);
        TimeSpan? first = null;
        GenerationSummary? summary = null;
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var response = call.ResponseStream.Current;
            switch (response.PayloadCase)
            {
                case GenerateResponse.PayloadOneofCase.Rows or GenerateResponse.PayloadOneofCase.Tokens:
                    first ??= Stopwatch.GetElapsedTime(start);
                    break;
                case GenerateResponse.PayloadOneofCase.Summary:
                    summary = response.Summary;
                    break;
            }
        }

        return (first ?? throw new InvalidOperationException("The Generate stream sent no tokens."),
            summary ?? throw new InvalidOperationException("The Generate stream sent no summary."));
    }

    /// <summary>The in-process baseline: time from handing the request to the engine to its first run of tokens; the rest is drained.</summary>
    public static async Task<TimeSpan> InProcessAsync(GeneratorEngine engine, GenerationRequest request, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var run = engine.Generate(request, cancellationToken);
        TimeSpan? first = null;
        await foreach (var _ in run.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            first ??= Stopwatch.GetElapsedTime(start);
        }

        return first ?? throw new InvalidOperationException("The engine produced no tokens.");
    }

    /// <summary>A Generate request for <paramref name="latentFrames"/> new latent frames of class <paramref name="classId"/>, default sampling.</summary>
    public static GenerateRequest Request(int? classId, int latentFrames, bool streamRows)
    {
        var request = new GenerateRequest { LatentFrames = (uint)latentFrames, StreamRows = streamRows, Condition = new Contracts.V1.GenerationCondition() };
        if (classId is { } id)
        {
            request.Condition.ClassId = (uint)id;
        }

        return request;
    }

    /// <summary>The model library's form of <see cref="Request"/> (the service's defaults: temperature 1, seed 0, 12 steps).</summary>
    public static GenerationRequest InProcessRequest(GeneratorDescription model, int? classId, int latentFrames)
        => new(new TokenGrid(latentFrames, model.Height, model.Width), new Model.Generation.GenerationCondition { ClassId = classId }, new SamplingOptions());
}
