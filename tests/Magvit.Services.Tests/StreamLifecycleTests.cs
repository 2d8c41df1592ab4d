using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Magvit.Contracts;
using Magvit.Contracts.V1;
using Magvit.Tokenizer;

namespace Magvit.Services.Tests;

/// <summary>How streams end other than by completing: cancellation, deadlines, admission limits, failures; nothing may stay behind.</summary>
[Collection(SharedServices.Name)]
public sealed class StreamLifecycleTests(ServicesFixture services)
{
    [Fact]
    public async Task Tokenize_ClientCancelsMidStream_ServerFreesTheStreamState()
    {
        var logMark = services.Tokenizer.Log.Count;
        var clip = new Clip(frames: 9, height: 16, width: 16, seed: 61);
        using var cancel = new CancellationTokenSource();
        using var call = services.TokenizerClient.Tokenize(deadline: DateTime.UtcNow.Add(ServiceHost.Timeout), cancellationToken: cancel.Token);
        await call.RequestStream.WriteAsync(new TokenizeRequest { Header = TokenizeCall.Header(clip) }).WaitAsync(ServiceHost.Timeout);
        foreach (var chunk in new FrameChunker().Chunk(clip.Rgb24.AsMemory(0, 5 * clip.FrameBytes)))
        {
            await call.RequestStream.WriteAsync(new TokenizeRequest { Frames = chunk }).WaitAsync(ServiceHost.Timeout);
        }

        // Header, then latent frames 0 (frame 0) and 1 (frames 1-4): the stream's causal state now lives on a worker.
        await ReadAsync(call.ResponseStream, 3);
        await AssertOneStreamHoldsStateAsync(services.Tokenizer);

        await cancel.CancelAsync();

        await RpcAssert.StatusAsync(StatusCode.Cancelled, () => call.ResponseStream.MoveNext(CancellationToken.None));
        await services.Tokenizer.WaitForIdleAsync(services.TokenizerTensors);
        await AssertServerEndedAsync(services.Tokenizer, logMark, ["Cancelled"], "/magvit.v1.TokenizerService/Tokenize");
        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_ClientCancelsMidStream_ServerFreesTheStreamState()
    {
        var logMark = services.Detokenizer.Log.Count;
        var tokens = DetokenizeCall.RandomTokens(latentFrames: 3, latentHeight: 2, latentWidth: 2, seed: 62);
        using var cancel = new CancellationTokenSource();
        using var call = services.DetokenizerClient.Detokenize(deadline: DateTime.UtcNow.Add(ServiceHost.Timeout), cancellationToken: cancel.Token);
        foreach (var request in DetokenizeCall.Requests(new DetokenizeHeader { Tokens = DetokenizeCall.Header(2, 2, 3) }, DetokenizeCall.Chunks(tokens, 1).Take(2)))
        {
            await call.RequestStream.WriteAsync(request).WaitAsync(ServiceHost.Timeout);
        }

        // Header, then frame 0 (latent frame 0) and frames 1-4 (latent frame 1), one 768-byte chunk each.
        await ReadAsync(call.ResponseStream, 6);
        await AssertOneStreamHoldsStateAsync(services.Detokenizer);

        await cancel.CancelAsync();

        await RpcAssert.StatusAsync(StatusCode.Cancelled, () => call.ResponseStream.MoveNext(CancellationToken.None));
        await services.Detokenizer.WaitForIdleAsync(services.DetokenizerTensors);
        await AssertServerEndedAsync(services.Detokenizer, logMark, ["Cancelled"], "/magvit.v1.DetokenizerService/Detokenize");
        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_DeadlinePassesWhileTheServerWaitsForFrames_DeadlineExceededAndStateFreed()
    {
        var logMark = services.Tokenizer.Log.Count;
        var clip = new Clip(frames: 9, height: 16, width: 16, seed: 63);
        var deadline = DateTime.UtcNow.AddMilliseconds(500);
        using var call = services.TokenizerClient.Tokenize(deadline: deadline);

        // The client sends a header and one frame, then nothing more and does not half-close: the server waits for
        // frames until the deadline (which a slow machine may reach while still writing; the status is the same).
        await RpcAssert.DeadlineAsync(deadline, async () =>
        {
            await call.RequestStream.WriteAsync(new TokenizeRequest { Header = TokenizeCall.Header(clip) }).WaitAsync(ServiceHost.Timeout);
            await call.RequestStream.WriteAsync(new TokenizeRequest { Frames = new FrameChunker().Chunk(clip.Rgb24.AsMemory(0, clip.FrameBytes)).Single() })
                .WaitAsync(ServiceHost.Timeout);
            await ReadToEndAsync(call.ResponseStream);
        });

        await services.Tokenizer.WaitForIdleAsync(services.TokenizerTensors);
        await AssertServerEndedAsync(services.Tokenizer, logMark, ["DeadlineExceeded", "Cancelled"], "/magvit.v1.TokenizerService/Tokenize");
        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_DeadlinePassesWhileTheServerWaitsForTokens_DeadlineExceededAndStateFreed()
    {
        var logMark = services.Detokenizer.Log.Count;
        var tokens = DetokenizeCall.RandomTokens(latentFrames: 3, latentHeight: 2, latentWidth: 2, seed: 64);
        var deadline = DateTime.UtcNow.AddMilliseconds(500);
        using var call = services.DetokenizerClient.Detokenize(deadline: deadline);

        // A header and one latent frame, then silence without a half-close.
        await RpcAssert.DeadlineAsync(deadline, async () =>
        {
            foreach (var request in DetokenizeCall.Requests(new DetokenizeHeader { Tokens = DetokenizeCall.Header(2, 2, 3) }, DetokenizeCall.Chunks(tokens, 1).Take(1)))
            {
                await call.RequestStream.WriteAsync(request).WaitAsync(ServiceHost.Timeout);
            }

            await ReadToEndAsync(call.ResponseStream);
        });

        await services.Detokenizer.WaitForIdleAsync(services.DetokenizerTensors);
        await AssertServerEndedAsync(services.Detokenizer, logMark, ["DeadlineExceeded", "Cancelled"], "/magvit.v1.DetokenizerService/Detokenize");
        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_ThirdConcurrentStreamWithMaxStreamsTwo_ResourceExhaustedWhileTheTwoComplete()
    {
        await using var host = await ServiceHost.StartAsync(TokenizerApp.Build, "--Magvit:MaxStreams=2");
        var client = new TokenizerService.TokenizerServiceClient(host.Channel);
        var clips = new[] { new Clip(frames: 9, height: 16, width: 16, seed: 65), new Clip(frames: 5, height: 16, width: 24, seed: 66) };
        var calls = clips.Select(_ => client.Tokenize(deadline: DateTime.UtcNow.Add(ServiceHost.Timeout))).ToArray();
        var headers = new TokenizeResponse[calls.Length];
        try
        {
            // Both streams are admitted once the server has answered their headers.
            for (var i = 0; i < calls.Length; i++)
            {
                await calls[i].RequestStream.WriteAsync(new TokenizeRequest { Header = TokenizeCall.Header(clips[i]) }).WaitAsync(ServiceHost.Timeout);
                await ReadAsync(calls[i].ResponseStream, 1);
                headers[i] = calls[i].ResponseStream.Current;
            }

            Assert.Equal(2, host.Admission.Active);
            using (var third = client.Tokenize(deadline: DateTime.UtcNow.Add(ServiceHost.Timeout)))
            {
                var refused = await RpcAssert.StatusAsync(
                    StatusCode.ResourceExhausted, () => DuplexCall.ExchangeAsync(third, [new TokenizeRequest { Header = TokenizeCall.Header(clips[0]) }]));
                Assert.NotNull(refused.GetRpcStatus()?.GetDetail<RetryInfo>());
            }

            for (var i = 0; i < calls.Length; i++)
            {
                var served = await DuplexCall.ExchangeAsync(calls[i], new FrameChunker(1000).Chunk(clips[i].Rgb24).Select(c => new TokenizeRequest { Frames = c }));
                Assert.Equal(clips[i].OfflineTokens(services.Model), TokenizeCall.Read([headers[i], .. served]).Tokens);
            }
        }
        finally
        {
            foreach (var call in calls)
            {
                call.Dispose();
            }
        }

        // The two tickets were returned: a new stream is admitted.
        var next = await TokenizeCall.RunAsync(client, clips[1], 4096);
        Assert.Equal(clips[1].OfflineTokens(services.Model), next.Tokens);
        await host.WaitForIdleAsync(services.TokenizerTensors);
    }

    [Fact]
    public async Task Streams_BatchOfRequestsFailingMidStream_LeaveNoTensorsBehind()
    {
        var clip = new Clip(frames: 9, height: 16, width: 16, seed: 67);
        var tokens = DetokenizeCall.RandomTokens(latentFrames: 3, latentHeight: 2, latentWidth: 2, seed: 68);
        var frameChunks = new FrameChunker(768).Chunk(clip.Rgb24).Select(c => new TokenizeRequest { Frames = c }).ToList();
        var header = new TokenizeRequest { Header = TokenizeCall.Header(clip) };
        var gap = frameChunks[6].Clone();
        gap.Frames.SequenceNumber++;
        var partialHeader = header.Clone();
        partialHeader.Header.Frames.ClearFrameCount();
        var partial = frameChunks[6].Clone();
        partial.Frames.Data = ByteString.CopyFrom(partial.Frames.Data.Span[..100]);

        var tokenChunks = DetokenizeCall.Chunks(tokens, 1, TokenEncoding.Uint32).ToList();
        var badId = tokenChunks[2].Clone();
        badId.TokenIds.Ids[0] = uint.MaxValue;
        var overlap = tokenChunks[2].Clone();
        overlap.FirstLatentFrame = 1;
        var detokenizeHeader = new DetokenizeHeader { Tokens = DetokenizeCall.Header(2, 2, 3) };
        var shortHeader = new DetokenizeHeader { Tokens = DetokenizeCall.Header(2, 2, 2) };

        // Each fails after the stream's first units have run, so that a causal state exists when it fails.
        await Task.WhenAll(
            RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([header, .. frameChunks[..6], gap]), "frames"),
            RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([header, .. frameChunks[..6], header]), "header"),
            RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([partialHeader, .. frameChunks[..6], partial]), "frames"),
            RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(detokenizeHeader, [.. tokenChunks[..2], badId]), "tokens"),
            RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(detokenizeHeader, [.. tokenChunks[..2], overlap]), "tokens.first_latent_frame"),
            RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(shortHeader, tokenChunks), "tokens.latent_frame_count"))
            .WaitAsync(ServiceHost.Timeout);

        var tokenizer = await services.Tokenizer.WaitForIdleAsync(services.TokenizerTensors);
        var detokenizer = await services.Detokenizer.WaitForIdleAsync(services.DetokenizerTensors);
        Assert.Equal(0, tokenizer.ItemsFailed + detokenizer.ItemsFailed);
        await services.AssertServingAndIdleAsync();
    }

    private static async Task ReadAsync<T>(IAsyncStreamReader<T> responses, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(await responses.MoveNext(CancellationToken.None).WaitAsync(ServiceHost.Timeout), $"the stream ended after {i} responses");
        }
    }

    private static async Task ReadToEndAsync<T>(IAsyncStreamReader<T> responses)
    {
        while (await responses.MoveNext(CancellationToken.None).WaitAsync(ServiceHost.Timeout))
        {
        }
    }

    private static async Task AssertOneStreamHoldsStateAsync(ServiceHost host)
    {
        var statistics = await host.StatisticsAsync();
        Assert.Equal(1, statistics.OpenStreams);
        Assert.True(statistics.HeldStreamTensors > 0, $"no causal state is held: {statistics}");
        Assert.Equal(1, host.Admission.Active);
    }

    /// <summary>
    /// The server ended the call with one of <paramref name="codes"/> and logged no error: a caller going away is not an
    /// INTERNAL failure (which would page an operator). A client's deadline may fire before the server's, which then
    /// sees a cancelled call.
    /// </summary>
    private static async Task AssertServerEndedAsync(ServiceHost host, int logMark, string[] codes, string method)
    {
        var ended = await host.Log.WaitForAsync(e => e.Message.StartsWith($"{method} ended with ", StringComparison.Ordinal), $"how {method} ended", logMark);
        Assert.Contains(codes, c => ended.Message.StartsWith($"{method} ended with {c}:", StringComparison.Ordinal));
        host.Log.AssertNoErrors();
    }

    private async Task<List<TokenizeResponse>> TokenizeAsync(IEnumerable<TokenizeRequest> requests)
    {
        using var call = services.TokenizerClient.Tokenize(deadline: DateTime.UtcNow.Add(ServiceHost.Timeout));
        return await DuplexCall.ExchangeAsync(call, requests);
    }

    private async Task<List<DetokenizeResponse>> DetokenizeAsync(DetokenizeHeader header, IEnumerable<TokenChunk> chunks)
    {
        using var call = services.DetokenizerClient.Detokenize(deadline: DateTime.UtcNow.Add(ServiceHost.Timeout));
        return await DuplexCall.ExchangeAsync(call, DetokenizeCall.Requests(header, chunks));
    }
}
