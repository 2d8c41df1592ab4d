using System.Diagnostics;
using Grpc.Core;
using Magvit.Contracts;
using Magvit.Contracts.V1;
using Magvit.Runtime;

namespace Magvit.Cli.Benchmarks.Serve;

/// <summary>
/// The two ways to tokenize a clip that <c>bench serve</c> compares: a Tokenize call over loopback gRPC, and an
/// encoding session on the same engine fed the same frame runs the service would push.
/// </summary>
internal static class TokenizePaths
{
    /// <summary>One whole clip over gRPC: header, 64 KiB chunks, half-close, while the responses are read.</summary>
    public static async Task<TokenizeOutcome> GrpcAsync(
        TokenizerService.TokenizerServiceClient client, BenchClip clip, TokenEncoding encoding, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var call = client.Tokenize(deadline: DateTime.UtcNow + deadline, cancellationToken: cancellationToken);
        var reading = ReadAsync(call.ResponseStream, cancellationToken);
        var writing = WriteAsync(call.RequestStream, clip, encoding, cancellationToken);
        await Task.WhenAll(reading, writing).ConfigureAwait(false);
        var (header, chunks, summary) = await reading.ConfigureAwait(false);
        return new TokenizeOutcome(header, chunks, summary, watch.Elapsed);
    }

    /// <summary>The same clip through an encoding session of <paramref name="engine"/>; returns the wall time.</summary>
    public static async Task<TimeSpan> InProcessAsync(TokenizerEngine engine, BenchClip clip, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var session = engine.StartEncoding(clip.Height, clip.Width);
        foreach (var run in clip.FrameRuns)
        {
            await foreach (var _ in session.PushAsync(run, cancellationToken).ConfigureAwait(false))
            {
            }
        }

        await foreach (var _ in session.CompleteAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        return watch.Elapsed;
    }

    /// <summary>
    /// Time to first token over gRPC: the stream is opened and its token header received first; the clock runs from
    /// sending frame 0 (a live source's first chunk) to receiving the first token chunk.
    /// </summary>
    public static async Task<TimeSpan> GrpcFirstTokenAsync(
        TokenizerService.TokenizerServiceClient client, BenchClip clip, TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var call = client.Tokenize(deadline: DateTime.UtcNow + deadline, cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new TokenizeRequest { Header = new TokenizeHeader { Frames = clip.Header(live: true) } }, cancellationToken).ConfigureAwait(false);
        await Expect(call.ResponseStream, TokenizeResponse.PayloadOneofCase.Header, cancellationToken).ConfigureAwait(false);

        var start = Stopwatch.GetTimestamp();
        foreach (var chunk in new FrameChunker().Chunk(clip.FirstFrame))
        {
            await call.RequestStream.WriteAsync(new TokenizeRequest { Frames = chunk }, cancellationToken).ConfigureAwait(false);
        }

        await Expect(call.ResponseStream, TokenizeResponse.PayloadOneofCase.Tokens, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start);

        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            // The summary: the call ends with OK.
        }

        return elapsed;
    }

    /// <summary>The in-process baseline of <see cref="GrpcFirstTokenAsync"/>: push frame 0, wait for its latent frame.</summary>
    public static async Task<TimeSpan> InProcessFirstUnitAsync(TokenizerEngine engine, BenchClip clip, CancellationToken cancellationToken)
    {
        using var session = engine.StartEncoding(clip.Height, clip.Width);
        var start = Stopwatch.GetTimestamp();
        var frames = session.PushAsync(clip.FirstFrame, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (frames.ConfigureAwait(false))
        {
            if (!await frames.MoveNextAsync().ConfigureAwait(false))
            {
                throw new InvalidOperationException("Frame 0 alone gave no latent frame: bench serve needs a causal (or image) tokenizer.");
            }

            var elapsed = Stopwatch.GetElapsedTime(start);
            while (await frames.MoveNextAsync().ConfigureAwait(false))
            {
            }

            return elapsed;
        }
    }

    private static async Task WriteAsync(IClientStreamWriter<TokenizeRequest> requests, BenchClip clip, TokenEncoding encoding, CancellationToken cancellationToken)
    {
        await requests.WriteAsync(new TokenizeRequest { Header = new TokenizeHeader { Frames = clip.Header(live: false), TokenEncoding = encoding } }, cancellationToken).ConfigureAwait(false);
        foreach (var chunk in new FrameChunker().Chunk(clip.Rgb24))
        {
            await requests.WriteAsync(new TokenizeRequest { Frames = chunk }, cancellationToken).ConfigureAwait(false);
        }

        await requests.CompleteAsync().ConfigureAwait(false);
    }

    private static async Task<(TokenHeader, List<TokenChunk>, StreamSummary)> ReadAsync(IAsyncStreamReader<TokenizeResponse> responses, CancellationToken cancellationToken)
    {
        TokenHeader? header = null;
        StreamSummary? summary = null;
        var chunks = new List<TokenChunk>();
        while (await responses.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var response = responses.Current;
            switch (response.PayloadCase)
            {
                case TokenizeResponse.PayloadOneofCase.Header:
                    header = response.Header;
                    break;
                case TokenizeResponse.PayloadOneofCase.Tokens:
                    chunks.Add(response.Tokens);
                    break;
                case TokenizeResponse.PayloadOneofCase.Summary:
                    summary = response.Summary;
                    break;
            }
        }

        return (header ?? throw new InvalidOperationException("The Tokenize stream sent no header."),
            chunks,
            summary ?? throw new InvalidOperationException("The Tokenize stream sent no summary."));
    }

    private static async Task Expect(IAsyncStreamReader<TokenizeResponse> responses, TokenizeResponse.PayloadOneofCase wanted, CancellationToken cancellationToken)
    {
        if (!await responses.MoveNext(cancellationToken).ConfigureAwait(false) || responses.Current.PayloadCase != wanted)
        {
            throw new InvalidOperationException($"The Tokenize stream ended or sent something else where a {wanted} was due.");
        }
    }
}
