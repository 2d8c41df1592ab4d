using System.Diagnostics;
using Grpc.Core;
using Magvit.Contracts.V1;
using Magvit.Runtime;

namespace Magvit.Cli.Benchmarks.Serve;

/// <summary>
/// The two ways to detokenize a clip's tokens that <c>bench serve</c> compares: a Detokenize call over loopback gRPC
/// (one latent frame per chunk, as the tokenizer sends them), and a decoding session on the same engine fed the same
/// latent frames one at a time.
/// </summary>
internal static class DetokenizePaths
{
    /// <summary>The whole token stream over gRPC; returns the wall time, after checking every frame came back.</summary>
    public static async Task<TimeSpan> GrpcAsync(
        DetokenizerService.DetokenizerServiceClient client, TokenStream tokens, int expectedFrames, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var call = client.Detokenize(deadline: DateTime.UtcNow + deadline, cancellationToken: cancellationToken);
        var reading = ReadAsync(call.ResponseStream, cancellationToken);
        var writing = WriteAsync(call.RequestStream, tokens, cancellationToken);
        await Task.WhenAll(reading, writing).ConfigureAwait(false);
        var elapsed = watch.Elapsed;
        var (header, bytes) = await reading.ConfigureAwait(false);
        var frames = bytes / ((long)header.Width * header.Height * 3);
        return frames == expectedFrames ? elapsed : throw new InvalidOperationException($"Detokenize returned {frames} frames, expected {expectedFrames}.");
    }

    /// <summary>The same latent frames through a decoding session of <paramref name="engine"/>; returns the wall time.</summary>
    public static async Task<TimeSpan> InProcessAsync(TokenizerEngine engine, TokenStream tokens, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var session = engine.StartDecoding(tokens.LatentHeight, tokens.LatentWidth);
        foreach (var ids in tokens.LatentFrames)
        {
            await foreach (var _ in session.PushAsync(ids, cancellationToken).ConfigureAwait(false))
            {
            }
        }

        await foreach (var _ in session.CompleteAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        return watch.Elapsed;
    }

    /// <summary>
    /// Time to first frame over gRPC: the stream is opened and its frame header received first; the clock runs from
    /// sending latent frame 0's chunk to receiving the first frame chunk.
    /// </summary>
    public static async Task<TimeSpan> GrpcFirstFrameAsync(
        DetokenizerService.DetokenizerServiceClient client, TokenStream tokens, TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var call = client.Detokenize(deadline: DateTime.UtcNow + deadline, cancellationToken: cancellationToken);
        var header = tokens.Header.Clone();
        header.Grid.ClearFrames();
        await call.RequestStream.WriteAsync(new DetokenizeRequest { Header = new DetokenizeHeader { Tokens = header } }, cancellationToken).ConfigureAwait(false);
        await Expect(call.ResponseStream, DetokenizeResponse.PayloadOneofCase.Header, cancellationToken).ConfigureAwait(false);

        var start = Stopwatch.GetTimestamp();
        await call.RequestStream.WriteAsync(new DetokenizeRequest { Tokens = tokens.Chunks[0].Clone() }, cancellationToken).ConfigureAwait(false);
        await Expect(call.ResponseStream, DetokenizeResponse.PayloadOneofCase.Frames, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start);

        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            // The rest of the first unit's frames, then the summary: the call ends with OK.
        }

        return elapsed;
    }

    /// <summary>The in-process baseline of <see cref="GrpcFirstFrameAsync"/>: push latent frame 0, wait for its first frame.</summary>
    public static async Task<TimeSpan> InProcessFirstUnitAsync(TokenizerEngine engine, TokenStream tokens, CancellationToken cancellationToken)
    {
        using var session = engine.StartDecoding(tokens.LatentHeight, tokens.LatentWidth);
        var start = Stopwatch.GetTimestamp();
        var frames = session.PushAsync(tokens.LatentFrames[0], cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (frames.ConfigureAwait(false))
        {
            if (!await frames.MoveNextAsync().ConfigureAwait(false))
            {
                throw new InvalidOperationException("Latent frame 0 alone gave no frame: bench serve needs a causal (or image) tokenizer.");
            }

            var elapsed = Stopwatch.GetElapsedTime(start);
            while (await frames.MoveNextAsync().ConfigureAwait(false))
            {
            }

            return elapsed;
        }
    }

    private static async Task WriteAsync(IClientStreamWriter<DetokenizeRequest> requests, TokenStream tokens, CancellationToken cancellationToken)
    {
        await requests.WriteAsync(new DetokenizeRequest { Header = new DetokenizeHeader { Tokens = tokens.Header } }, cancellationToken).ConfigureAwait(false);
        foreach (var chunk in tokens.Chunks)
        {
            // A copy per call: concurrent streams never share a message object.
            await requests.WriteAsync(new DetokenizeRequest { Tokens = chunk.Clone() }, cancellationToken).ConfigureAwait(false);
        }

        await requests.CompleteAsync().ConfigureAwait(false);
    }

    private static async Task<(FrameHeader Header, long Bytes)> ReadAsync(IAsyncStreamReader<DetokenizeResponse> responses, CancellationToken cancellationToken)
    {
        FrameHeader? header = null;
        var bytes = 0L;
        while (await responses.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var response = responses.Current;
            if (response.PayloadCase == DetokenizeResponse.PayloadOneofCase.Header)
            {
                header = response.Header;
            }
            else if (response.PayloadCase == DetokenizeResponse.PayloadOneofCase.Frames)
            {
                bytes += response.Frames.Data.Length;
            }
        }

        return (header ?? throw new InvalidOperationException("The Detokenize stream sent no header."), bytes);
    }

    private static async Task Expect(IAsyncStreamReader<DetokenizeResponse> responses, DetokenizeResponse.PayloadOneofCase wanted, CancellationToken cancellationToken)
    {
        if (!await responses.MoveNext(cancellationToken).ConfigureAwait(false) || responses.Current.PayloadCase != wanted)
        {
            throw new InvalidOperationException($"The Detokenize stream ended or sent something else where a {wanted} was due.");
        }
    }
}
