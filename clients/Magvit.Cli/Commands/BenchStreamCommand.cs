using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Magvit.Model.Runtime;
using Magvit.Model.Streaming;
using Magvit.Model.Tokenizer;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Cli.Commands;

/// <summary>
/// <c>magvit bench stream</c>: pushes a long clip through a causal encoder and decoder session chunk by chunk and
/// samples process memory, to show that streaming memory stays O(chunk) however long the stream.
/// </summary>
internal static class BenchStreamCommand
{
    public static Command Create()
    {
        var frames = new Option<int>("--frames") { Description = "Frames to stream.", DefaultValueFactory = _ => 2000 };
        var size = new Option<int>("--size") { Description = "Frame height and width.", DefaultValueFactory = _ => 64 };
        var chunk = new Option<int>("--chunk") { Description = "Frames per pushed chunk.", DefaultValueFactory = _ => 4 };
        var model = new Option<string?>("--model") { Description = "Model folder or checkpoint (CausalVideo). Default: random weights of --config." };
        var config = new Option<string>("--config") { Description = "Preset for random weights.", DefaultValueFactory = _ => "causal-default" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var command = new Command("stream", "Stream a long clip through causal sessions and sample memory.") { frames, size, chunk, model, config, json };
        command.SetAction(parse => Run(parse.GetValue(frames), parse.GetValue(size), parse.GetValue(chunk), parse.GetValue(model), parse.GetValue(config)!, parse.GetValue(json)));
        return command;
    }

    private static int Run(int totalFrames, int size, int chunk, string? modelPath, string preset, bool json)
    {
        TorchRuntime.Initialize();
        using var model = modelPath is null ? new MagvitTokenizer(TokenizerPresets.Get(preset)) : TokenizerCheckpoint.Load(modelPath, videoKind: TokenizerKind.CausalVideo);
        model.eval();
        using var encoder = new CausalEncoderSession(model);
        using var decoder = new CausalDecoderSession(model);
        using var noGrad = no_grad();
        var samples = new List<(long Frames, double RssMiB, long Held)>();
        var clock = Stopwatch.StartNew();
        var sampleEvery = Math.Max(chunk, totalFrames / 20);
        var nextSample = 0L;
        for (var start = 0; start < totalFrames; start += chunk)
        {
            using (var scope = NewDisposeScope())
            {
                var count = Math.Min(chunk, totalFrames - start);
                var pixels = (rand([1, 3, count, size, size]) * 2) - 1;
                var latents = encoder.Push(pixels);
                decoder.Push(model.Quantize(latents));
            }

            if (encoder.FramesIn >= nextSample)
            {
                GC.Collect();
                samples.Add((encoder.FramesIn, Process.GetCurrentProcess().WorkingSet64 / 1048576.0, encoder.HeldFrames + decoder.HeldFrames));
                nextSample += sampleEvery;
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var steady = samples.Skip(samples.Count / 4).ToArray();   // after warm-up (allocator pools, kernel caches)
        var growth = steady.Length > 1 ? steady[^1].RssMiB - steady[0].RssMiB : 0;
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                frames = encoder.FramesIn,
                frames_out = decoder.FramesOut,
                size,
                chunk,
                frames_per_second = encoder.FramesIn / seconds,
                rss_mib = samples.Select(s => new { frames = s.Frames, rss = s.RssMiB, held_frames = s.Held }),
                rss_growth_after_warmup_mib = growth,
            }, CliJson.Options));
            return 0;
        }

        Console.WriteLine($"Streamed {encoder.FramesIn} frames of {size}×{size} in chunks of {chunk}: {decoder.FramesOut} decoded, {encoder.FramesIn / seconds:F1} frames/s (encode + decode).");
        Console.WriteLine("frames   RSS MiB   frames held in layers");
        foreach (var (frames, rss, held) in samples)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{frames,6}   {rss,7:F1}   {held,5}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RSS growth after warm-up: {growth:+0.0;-0.0} MiB over {steady[^1].Frames - steady[0].Frames} frames."));
        return 0;
    }
}
