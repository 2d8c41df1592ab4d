using Grpc.Core;
using Grpc.Net.Client;
using Magvit.Client.Tests.Support;
using Magvit.Contracts.V1;

namespace Magvit.Client.Tests;

/// <summary>
/// Streams survive a server killed mid-stream and restarted on the same port (a restarted pod): the pipeline's output
/// is byte for byte the output of an uninterrupted run. The hosts are the shared ones; each test restarts what it kills.
/// </summary>
[Collection(SharedServices.Name)]
public sealed class StreamResumeTests(ServicesFixture services)
{
    [Fact]
    public async Task Reconstruct_DetokenizerKilledMidStream_OutputIdenticalToAnUninterruptedRun()
    {
        var frames = TestVideo.Frames(13, seed: 20);
        var expected = TestVideo.Bytes(await services.Clients.Pipeline.Reconstruct(VideoFrames.Of(frames)).Frames.ReadAllWithinAsync());
        var video = new GatedVideo(frames, before: 5);
        var run = services.Clients.Pipeline.Reconstruct(video.Video);

        // Killed after frame 2 of 5 decoded so far: inside latent frame 1 (frames 1 … 4), whose tokens are resent.
        var output = await run.Frames.ReadAllWithinAsync((_, index) => index == 2 ? RestartAsync(services.Detokenizer, video) : Task.CompletedTask);

        Assert.Equal(expected, TestVideo.Bytes(output));
        Assert.True(run.Metrics.DetokenizerResumes >= 1, "The detokenizer stream never broke: the test proved nothing.");
        Assert.Equal(0, run.Metrics.TokenizerResumes);
    }

    [Fact]
    public async Task Reconstruct_TokenizerKilledMidStream_OutputIdenticalToAnUninterruptedRun()
    {
        var frames = TestVideo.Frames(13, seed: 21);
        var expected = TestVideo.Bytes(await services.Clients.Pipeline.Reconstruct(VideoFrames.Of(frames)).Frames.ReadAllWithinAsync());
        var video = new GatedVideo(frames, before: 5);
        var run = services.Clients.Pipeline.Reconstruct(video.Video);

        var output = await run.Frames.ReadAllWithinAsync((_, index) => index == 0 ? RestartAsync(services.Tokenizer, video) : Task.CompletedTask);

        Assert.Equal(expected, TestVideo.Bytes(output));
        Assert.True(run.Metrics.TokenizerResumes >= 1, "The tokenizer stream never broke: the test proved nothing.");
    }

    [Fact]
    public async Task Generate_GeneratorKilledMidStream_OutputIdenticalToAnUninterruptedRun()
    {
        // A prompt of one latent frame, echoed at once, then two generated ones of 64 masked steps each.
        var prompt = new TokenPrompt(new TokenStreamHeader(TestModels.Bits, 4, 4), [new TokenFrame(0, [.. Enumerable.Range(0, 16).Select(i => (uint)(i * 5 % 64))])]);
        var request = new GenerationRequest(2) { Prompt = prompt, ClassId = 3, Options = new GenerationOptions { Seed = 22, Steps = 64 } };
        var expected = TestVideo.Bytes(await services.Clients.Pipeline.Generate(request).Frames.ReadAllWithinAsync());

        // Other generations, queued first, keep the generator's one worker busy: ours is still to come when the server
        // dies after echoing its prompt, and that is certain, not a race against the model's speed.
        using var channel = GrpcChannel.ForAddress(services.Generator.Address);
        var blockers = new List<AsyncServerStreamingCall<GenerateResponse>>();
        for (var i = 0; i < 4; i++)
        {
            var blocker = new GeneratorService.GeneratorServiceClient(channel).Generate(
                new GenerateRequest { LatentFrames = 3, Sampling = new SamplingParameters { Steps = 64, GuidanceScale = 2 }, Condition = new GenerationCondition { ClassId = 0 } },
                deadline: DateTime.UtcNow + Bounded.Timeout);
            Assert.True(await blocker.ResponseStream.MoveNext(CancellationToken.None).Within());
            blockers.Add(blocker);
        }

        var run = services.Clients.Pipeline.Generate(request);
        var output = await run.Frames.ReadAllWithinAsync((_, index) => index == 0 ? RestartAsync(services.Generator, null) : Task.CompletedTask);

        Assert.Equal(expected, TestVideo.Bytes(output));
        Assert.True(run.Metrics.GeneratorResumes >= 1, "The generator stream never broke: the test proved nothing.");
        blockers.ForEach(b => b.Dispose());
    }

    [Fact]
    public async Task Tokenize_BreakAfterMoreFramesThanTheReplayBufferHolds_ResumeException()
    {
        using var clients = services.NewClients(o => o.Resume.MaxReplayFrames = 2);
        var video = new GatedVideo(TestVideo.Frames(13, seed: 23), before: 5);
        await using var tokens = await clients.Tokenizer.TokenizeAsync(video.Video).Within();

        var error = await Assert.ThrowsAsync<MagvitResumeException>(() => tokens.ReadAllAsync().ReadAllWithinAsync((_, index) => index == 0 ? RestartAsync(services.Tokenizer, video) : Task.CompletedTask));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("MaxReplayFrames = 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokenize_ResumeDisabled_BreakFailsWithUnavailable()
    {
        using var clients = services.NewClients(o => o.Resume.Enabled = false);
        var video = new GatedVideo(TestVideo.Frames(13, seed: 24), before: 5);
        await using var tokens = await clients.Tokenizer.TokenizeAsync(video.Video).Within();

        var error = await Assert.ThrowsAsync<MagvitClientException>(() => tokens.ReadAllAsync().ReadAllWithinAsync((_, index) => index == 0 ? RestartAsync(services.Tokenizer, video) : Task.CompletedTask));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    /// <summary>Kills the host, starts a new one on its port, then lets the source go on.</summary>
    private static async Task RestartAsync(TestHost host, GatedVideo? video)
    {
        await host.KillAsync();
        await host.RestartAsync();
        video?.Open();
    }
}
