using Magvit.Client.Pipeline;
using Magvit.Client.Tests.Support;
using Magvit.Contracts.V1;

namespace Magvit.Client.Tests;

/// <summary>MagvitPipeline end to end over the real services: the same frames as the stages called one by one, streamed.</summary>
[Collection(SharedServices.Name)]
public sealed class PipelineTests(ServicesFixture services)
{
    private MagvitPipeline Pipeline => services.Clients.Pipeline;

    [Fact]
    public async Task Reconstruct_EqualsTokenizeThenDetokenizeCalledDirectly()
    {
        var frames = TestVideo.Frames(13, seed: 10);
        var (header, ids) = await Direct.TokenizeAsync(services.Tokenizer.Address, frames);
        var expected = await Direct.DetokenizeAsync(services.Detokenizer.Address, header, ids);

        var run = Pipeline.Reconstruct(VideoFrames.Of(frames), new PipelineOptions { RecordTokens = true });
        var output = await run.Frames.ReadAllWithinAsync();

        Assert.Equal(expected, TestVideo.Bytes(output));
        Assert.Equal(ids, run.Metrics.TokenFrames.Select(t => t.Ids));
        Assert.Equal((13L, 4L), (run.Metrics.FrameCount, run.Metrics.TokenFrameCount));
        Assert.Equal(new VideoFormat(32, 32) { FrameCount = 13 }, run.Metrics.Format);
        Assert.True(run.Metrics.TimeToFirstToken <= run.Metrics.TimeToFirstFrame && run.Metrics.TimeToFirstFrame <= run.Metrics.Elapsed);
    }

    [Fact]
    public async Task Reconstruct_LiveSource_FramesComeOutBeforeTheInputEnds()
    {
        // 13 frames; the source stops after 5 (latent frames 0 and 1) until output has been seen.
        var video = new GatedVideo(TestVideo.Frames(13, seed: 11), before: 5);
        var seenWhileWaiting = -1;

        var output = await Pipeline.Reconstruct(video.Video).Frames.ReadAllWithinAsync((_, index) =>
        {
            if (index == 0)
            {
                seenWhileWaiting = video.Yielded;
                Assert.False(video.Ended);
                video.Open();
            }

            return Task.CompletedTask;
        });

        Assert.Equal(5, seenWhileWaiting);
        Assert.Equal(13, output.Count);
        Assert.True(video.Ended);
    }

    [Fact]
    public async Task Continue_PromptThenGeneratedFrames_EqualTheStagesCalledDirectly()
    {
        var prompt = TestVideo.Frames(1, seed: 12);
        var (promptHeader, promptIds) = await Direct.TokenizeAsync(services.Tokenizer.Address, prompt);
        var condition = new GenerationCondition { PromptHeader = promptHeader };
        condition.Prompt.Add(Magvit.Contracts.TokenChunkCodec.Create(0, 0, 1, promptIds[0], TestModels.Bits, TokenEncoding.Packed));
        var (header, ids) = await Direct.GenerateAsync(services.Generator.Address, new GenerateRequest
        {
            Condition = condition,
            LatentFrames = 2,
            Sampling = new SamplingParameters { Seed = 13, Steps = 4 },
        });
        var expected = await Direct.DetokenizeAsync(services.Detokenizer.Address, header, ids);

        var run = Pipeline.Continue(VideoFrames.Of(prompt), 2, new GenerationOptions { Seed = 13, Steps = 4 }, new PipelineOptions { RecordTokens = true });
        var output = await run.Frames.ReadAllWithinAsync();

        Assert.Equal(9, output.Count);
        Assert.Equal(expected, TestVideo.Bytes(output));
        Assert.Equal(promptIds[0], run.Metrics.TokenFrames[0].Ids);
        Assert.Equal((1, 13ul), (run.Metrics.PromptLatentFrames, run.Metrics.Seed));
    }

    [Fact]
    public async Task Generate_ClassConditional_EqualsGenerateThenDetokenizeCalledDirectly()
    {
        var (header, ids) = await Direct.GenerateAsync(services.Generator.Address, new GenerateRequest
        {
            Condition = new GenerationCondition { ClassId = 2 },
            LatentFrames = 3,
            Sampling = new SamplingParameters { Seed = 14, Steps = 4 },
        });
        var expected = await Direct.DetokenizeAsync(services.Detokenizer.Address, header, ids);

        var run = Pipeline.Generate(new GenerationRequest(3) { ClassId = 2, Options = new GenerationOptions { Seed = 14, Steps = 4 } });
        var output = await run.Frames.ReadAllWithinAsync();

        Assert.Equal(expected, TestVideo.Bytes(output));
        Assert.Equal(9, output.Count);
        Assert.Equal(0, run.Metrics.GeneratorResumes + run.Metrics.DetokenizerResumes);
    }

    [Fact]
    public async Task Reconstruct_CallerStopsReadingEarly_EndsEveryStageAndTheServicesServeOn()
    {
        var video = new GatedVideo(TestVideo.Frames(13, seed: 15), before: 5);
        var run = Pipeline.Reconstruct(video.Video);

        var enumerator = run.Frames.GetAsyncEnumerator();
        Assert.True(await enumerator.MoveNextAsync().AsTask().Within());
        await enumerator.DisposeAsync().AsTask().Within();

        var again = await Pipeline.Reconstruct(VideoFrames.Of(TestVideo.Frames(5, seed: 16))).Frames.ReadAllWithinAsync();
        Assert.Equal(5, again.Count);
        Assert.Equal(5, video.Yielded);
    }

    [Fact]
    public async Task Reconstruct_CallerCancels_OperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        var video = new GatedVideo(TestVideo.Frames(13, seed: 17), before: 5);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Pipeline.Reconstruct(video.Video, cancellationToken: cancel.Token).Frames.ReadAllWithinAsync((_, _) => cancel.CancelAsync()));
    }
}
