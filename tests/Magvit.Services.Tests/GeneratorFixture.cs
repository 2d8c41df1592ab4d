using Magvit.Contracts.V1;
using Magvit.Generator;

namespace Magvit.Services.Tests;

/// <summary>
/// Two generator hosts shared by the generator test classes: an autoregressive model served from a model folder (with
/// the tokenizer reference beside it) and a masked model from random weights of a preset.
/// </summary>
public sealed class GeneratorFixture : IAsyncLifetime
{
    internal ServiceHost Autoregressive { get; private set; } = null!;

    internal ServiceHost Masked { get; private set; } = null!;

    internal GeneratorService.GeneratorServiceClient AutoregressiveClient => new(Autoregressive.Channel);

    internal GeneratorService.GeneratorServiceClient MaskedClient => new(Masked.Channel);

    internal GeneratorModelInfo AutoregressiveInfo { get; private set; } = null!;

    internal GeneratorModelInfo MaskedInfo { get; private set; } = null!;

    /// <summary>Tensors alive in the process when both hosts are idle.</summary>
    internal long IdleTensors { get; private set; }

    public async Task InitializeAsync()
    {
        Autoregressive = await ServiceHost.StartAsync(GeneratorApp.Build, $"--Magvit:ModelPath={TinyGenerators.AutoregressivePath}", "--Magvit:MaxQueue=2");
        Masked = await ServiceHost.StartAsync(GeneratorApp.Build, "--Magvit:ModelPath=", $"--Magvit:Preset={TinyGenerators.MaskedPreset}", "--Magvit:MaxQueue=2");
        AutoregressiveInfo = (await AutoregressiveClient.GetModelInfoAsync(new GeneratorServiceGetModelInfoRequest()).ResponseAsync.WaitAsync(ServiceHost.Timeout)).Model;
        MaskedInfo = (await MaskedClient.GetModelInfoAsync(new GeneratorServiceGetModelInfoRequest()).ResponseAsync.WaitAsync(ServiceHost.Timeout)).Model;

        // A first generation and scoring build what the models cache for good (RoPE tables): the baseline comes after.
        foreach (var client in new[] { AutoregressiveClient, MaskedClient })
        {
            var warmUp = await GenerateCall.RunAsync(client, GeneratorServiceTests.Request(frames: 1, seed: 0));
            var score = new ScoreRequest { Header = warmUp.Header };
            score.Tokens.AddRange(warmUp.Chunks);
            await client.ScoreAsync(score).ResponseAsync.WaitAsync(ServiceHost.Timeout);
        }

        IdleTensors = LiveTensors();
    }

    public async Task DisposeAsync()
    {
        await Masked.DisposeAsync();
        await Autoregressive.DisposeAsync();
    }

    /// <summary>Both hosts answer, nothing runs or waits, no tensor is left behind and nothing was logged as an error.</summary>
    internal async Task AssertServingAndIdleAsync()
    {
        foreach (var host in new[] { Autoregressive, Masked })
        {
            var client = new GeneratorService.GeneratorServiceClient(host.Channel);
            await client.GetModelInfoAsync(new GeneratorServiceGetModelInfoRequest()).ResponseAsync.WaitAsync(ServiceHost.Timeout);
            await host.WaitForGeneratorIdleAsync();
            host.Log.AssertNoErrors();
        }

        var deadline = DateTime.UtcNow + ServiceHost.Timeout;
        while (LiveTensors() != IdleTensors)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{LiveTensors()} tensors alive; {IdleTensors} when idle.");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Tensors alive in the process once garbage is collected: the count includes tensors nobody references any more
    /// until their finalizers run, and those are not leaks.
    /// </summary>
    private static long LiveTensors()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return TorchSharp.torch.Tensor.TotalCount;
    }
}
