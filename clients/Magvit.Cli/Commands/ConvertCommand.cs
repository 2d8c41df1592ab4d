using System.CommandLine;
using System.Text.Json;
using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer;
using Magvit.Model.Weights;

namespace Magvit.Cli.Commands;

/// <summary><c>magvit convert CKPT -o DIR [--ema]</c>: any tokenizer checkpoint → model.safetensors + config.json.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<FileInfo>("checkpoint") { Description = "Lightning .ckpt, torch.save .pt/.pth, or .safetensors." };
        var output = new Option<DirectoryInfo>("--output", "-o") { Description = "Folder to write model.safetensors and config.json to.", Required = true };
        var ema = new Option<bool>("--ema") { Description = "Take the EMA weights (model_ema.*), as Open-MAGVIT2's reported metrics do." };
        var kind = new Option<TokenizerKind>("--video-kind")
        {
            Description = "For video checkpoints: Video (the reference's time-pooled norms) or CausalVideo (ours). Shapes cannot tell.",
            DefaultValueFactory = _ => TokenizerKind.Video,
        };
        var command = new Command("convert", "Convert a tokenizer checkpoint to this project's model folder.") { checkpoint, output, ema, kind };
        command.SetAction(parse => Run(parse.GetValue(checkpoint)!, parse.GetValue(output)!, parse.GetValue(ema), parse.GetValue(kind)));
        return command;
    }

    private static int Run(FileInfo checkpoint, DirectoryInfo output, bool ema, TokenizerKind videoKind)
    {
        if (!checkpoint.Exists)
        {
            Console.Error.WriteLine($"No such file: {checkpoint.FullName}");
            return 2;
        }

        TorchRuntime.Initialize();
        try
        {
            var (state, config) = TokenizerCheckpoint.ReadState(checkpoint.FullName, ema, videoKind);
            using (var model = new MagvitTokenizer(config))
            {
                StateDictLoader.LoadStrict(model, state);   // proves the tensors form a complete tokenizer
            }

            TokenizerCheckpoint.Save(state, config, output.FullName);
            Console.WriteLine($"Wrote {Path.Combine(output.FullName, TokenizerCheckpoint.WeightsFile)} ({state.Count} tensors{(ema ? ", EMA" : string.Empty)})");
            Console.WriteLine(JsonSerializer.Serialize(config, CliJson.Options));
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException or WeightLoadException)
        {
            Console.Error.WriteLine($"Cannot convert {checkpoint.FullName}: {e.Message}");
            return 1;
        }
    }
}
