using Magvit.Contracts.V1;
using Magvit.Detokenizer;
using Magvit.Generator;
using Magvit.Tokenizer;

namespace Magvit.Polyglot.Tests;

/// <summary>
/// A tokenizer, a detokenizer (the tiny model) and a generator host (masked-tiny, random weights) on loopback, a clip
/// on disk for the other languages to read, and what the C# client got from the services: the reference.
/// </summary>
public sealed class PolyglotFixture : IAsyncLifetime
{
    /// <summary>Seed and class of the generation every language repeats.</summary>
    public const ulong Seed = 7;
    public const uint ClassId = 2;
    public const uint GeneratedLatentFrames = 2;

    private readonly string folder = Directory.CreateTempSubdirectory("magvit-polyglot-").FullName;

    /// <summary>
    /// Five 176×128 frames: two latent frames of 16×22 tokens, and each frame (67,584 bytes) larger than one 64 KiB
    /// chunk, so that frames span chunks in both directions.
    /// </summary>
    internal Clip Clip { get; } = new(frames: 5, width: 176, height: 128, seed: 41);

    /// <summary>The clip's raw RGB24 bytes.</summary>
    internal string ClipFile => Path.Combine(folder, "clip.rgb");

    internal ServiceHost Tokenizer { get; private set; } = null!;

    internal ServiceHost Detokenizer { get; private set; } = null!;

    internal ServiceHost Generator { get; private set; } = null!;

    internal ReferenceClient.Tokens Tokens { get; private set; } = null!;

    internal byte[] Frames { get; private set; } = null!;

    internal ReferenceClient.Tokens Generated { get; private set; } = null!;

    /// <summary>A fresh path in the fixture's scratch folder.</summary>
    internal string ScratchFile(string name) => Path.Combine(folder, name);

    public async Task InitializeAsync()
    {
        await File.WriteAllBytesAsync(ClipFile, Clip.Rgb24).WaitAsync(ServiceHost.Timeout);
        Tokenizer = await ServiceHost.StartAsync(TokenizerApp.Build);
        Detokenizer = await ServiceHost.StartAsync(DetokenizerApp.Build);
        Generator = await ServiceHost.StartAsync(GeneratorApp.Build, "--Magvit:ModelPath=", "--Magvit:Preset=masked-tiny");

        Tokens = await ReferenceClient.TokenizeAsync(new TokenizerService.TokenizerServiceClient(Tokenizer.Channel), Clip);
        Frames = await ReferenceClient.DetokenizeAsync(new DetokenizerService.DetokenizerServiceClient(Detokenizer.Channel), Tokens);
        Generated = await ReferenceClient.GenerateAsync(new GeneratorService.GeneratorServiceClient(Generator.Channel), new GenerateRequest
        {
            Condition = new GenerationCondition { ClassId = ClassId },
            LatentFrames = GeneratedLatentFrames,
            Sampling = new SamplingParameters { Seed = Seed },
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { Generator, Detokenizer, Tokenizer })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        Directory.Delete(folder, recursive: true);
        TinyModel.Delete();
    }
}
