using Magvit.Contracts.V1;
using Magvit.Detokenizer;
using Magvit.Model.Tokenizer;
using Magvit.Tokenizer;

namespace Magvit.Services.Tests;

/// <summary>
/// A tokenizer and a detokenizer host over the tiny model, shared by the classes of <see cref="SharedServices"/>
/// (tests run one at a time, so each finds both idle), and the same weights loaded in-process as the reference.
/// Frames are limited to 256×128 pixels so that tests can exceed the limit cheaply.
/// </summary>
public sealed class ServicesFixture : IAsyncLifetime
{
    public const int MaxWidth = 256;
    public const int MaxHeight = 128;

    private static readonly string[] Limits = [$"--Magvit:MaxWidth={MaxWidth}", $"--Magvit:MaxHeight={MaxHeight}"];

    internal ServiceHost Tokenizer { get; private set; } = null!;

    internal ServiceHost Detokenizer { get; private set; } = null!;

    internal MagvitTokenizer Model { get; private set; } = null!;

    internal TokenizerService.TokenizerServiceClient TokenizerClient => new(Tokenizer.Channel);

    internal DetokenizerService.DetokenizerServiceClient DetokenizerClient => new(Detokenizer.Channel);

    /// <summary>Tensors the tokenizer's workers hold when idle (the model's).</summary>
    internal long TokenizerTensors { get; private set; }

    /// <summary>Tensors the detokenizer's workers hold when idle (the model's).</summary>
    internal long DetokenizerTensors { get; private set; }

    public async Task InitializeAsync()
    {
        Tokenizer = await ServiceHost.StartAsync(TokenizerApp.Build, Limits);
        Detokenizer = await ServiceHost.StartAsync(DetokenizerApp.Build, Limits);
        Model = TinyModel.Load();
        TokenizerTensors = (await Tokenizer.StatisticsAsync()).WorkerLiveTensors;
        DetokenizerTensors = (await Detokenizer.StatisticsAsync()).WorkerLiveTensors;
    }

    public async Task DisposeAsync()
    {
        Model.Dispose();
        await Detokenizer.DisposeAsync();
        await Tokenizer.DisposeAsync();
    }

    /// <summary>
    /// Both services still serve a normal stream correctly, afterwards their runtimes are back to idle with no tensor
    /// left behind, and neither has logged an error (no call ended INTERNAL): what every test of a failure path checks
    /// last.
    /// </summary>
    internal async Task AssertServingAndIdleAsync()
    {
        var clip = new Clip(frames: 5, height: 16, width: 16, seed: 77);
        var tokens = await TokenizeCall.RunAsync(TokenizerClient, clip, 1000);
        Assert.Equal(clip.OfflineTokens(Model), tokens.Tokens);
        var frames = await DetokenizeCall.RunAsync(DetokenizerClient, tokens.Header, tokens.Chunks);
        DetokenizeCall.EqualWithinOneGreyLevel(Clip.OfflineDecode(Model, tokens.Tokens, 2, 2), frames.Bytes);

        await Tokenizer.WaitForIdleAsync(TokenizerTensors);
        await Detokenizer.WaitForIdleAsync(DetokenizerTensors);
        Tokenizer.Log.AssertNoErrors();
        Detokenizer.Log.AssertNoErrors();
    }
}
