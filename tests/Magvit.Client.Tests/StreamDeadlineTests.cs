using Grpc.Core;
using Magvit.Client.Tests.Support;

namespace Magvit.Client.Tests;

/// <summary>Every stream has a deadline and an idle timeout; a caller's cancellation ends it as a cancellation.</summary>
[Collection(SharedServices.Name)]
public sealed class StreamDeadlineTests(ServicesFixture services)
{
    [Fact]
    public async Task Tokenize_SourceStalls_IdleTimeoutEndsTheStreamWithDeadlineExceeded()
    {
        using var clients = services.NewClients(o => o.StreamIdleTimeout = TimeSpan.FromMilliseconds(300));
        var video = new GatedVideo(TestVideo.Frames(5, seed: 30), before: 1);
        await using var tokens = await clients.Tokenizer.TokenizeAsync(video.Video).Within();

        var error = await Assert.ThrowsAsync<MagvitClientException>(() => tokens.ReadAllAsync().ReadAllWithinAsync());

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("idle", error.Message, StringComparison.Ordinal);
        video.Open();
    }

    [Fact]
    public async Task Tokenize_StreamTimeoutPasses_DeadlineExceeded()
    {
        using var clients = services.NewClients(o => o.StreamTimeout = TimeSpan.FromMilliseconds(500));
        var video = new GatedVideo(TestVideo.Frames(5, seed: 31), before: 1);
        await using var tokens = await clients.Tokenizer.TokenizeAsync(video.Video).Within();

        var error = await Assert.ThrowsAsync<MagvitClientException>(() => tokens.ReadAllAsync().ReadAllWithinAsync());

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        video.Open();
    }

    [Fact]
    public async Task Tokenize_CallerCancels_OperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        var video = new GatedVideo(TestVideo.Frames(5, seed: 32), before: 1);
        await using var tokens = await services.Clients.Tokenizer.TokenizeAsync(video.Video, cancel.Token).Within();
        cancel.CancelAfter(200);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tokens.ReadAllAsync().ReadAllWithinAsync());
        video.Open();
    }
}
