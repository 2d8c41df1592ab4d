using System.CommandLine;
using Magvit.Media;

namespace Magvit.Cli.Media;

/// <summary>
/// The options that turn any input ffmpeg reads into the frames a command sends: size and fit, first frame, frame
/// count and rate (<c>--size --width --height --fit --start --frames --fps</c>).
/// </summary>
internal sealed class FrameSelection
{
    public FrameSelection(int defaultSize = 64)
    {
        DefaultSize = defaultSize;
        Size = new Option<int?>("--size") { Description = $"Square frames of this side (default {defaultSize}); a multiple of the tokenizer's spatial factor." };
        Size.Validators.Add(r => Positive(r, 2));
        Width.Validators.Add(r => Positive(r, 2));
        Height.Validators.Add(r => Positive(r, 2));
        Frames.Validators.Add(r => Positive(r, 1));
        Start.Validators.Add(r => Positive(r, 0));
        Fps.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is <= 0)
            {
                r.AddError("--fps must be positive.");
            }
        });
    }

    public int DefaultSize { get; }

    public Option<int?> Size { get; }

    public Option<int?> Width { get; } = new("--width") { Description = "Frame width (with --height; default: --size)." };

    public Option<int?> Height { get; } = new("--height") { Description = "Frame height (with --width; default: --size)." };

    public Option<FrameFit> Fit { get; } = new("--fit") { Description = "Cover (crop to fill, default), Contain (letterbox) or Stretch.", DefaultValueFactory = _ => FrameFit.Cover };

    public Option<int?> Frames { get; } = new("--frames") { Description = "Most frames to read (default: all)." };

    public Option<int?> Start { get; } = new("--start") { Description = "First frame to read (default 0)." };

    public Option<double?> Fps { get; } = new("--fps") { Description = "Resample the input to this frame rate first (default: its own)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Size, Width, Height, Fit, Frames, Start, Fps })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The decode the options describe; <paramref name="maxFrames"/> applies when --frames is not given.</summary>
    public DecodeOptions ToDecodeOptions(ParseResult parse, int? maxFrames = null)
    {
        var size = parse.GetValue(Size) ?? DefaultSize;
        var fit = parse.GetValue(Fit);
        if (fit is FrameFit.SquareCrop or FrameFit.ShortSide)
        {
            throw Commands.CommandException.Usage("--fit takes Cover, Contain or Stretch.");
        }

        return new DecodeOptions
        {
            Size = size,
            Width = parse.GetValue(Width) ?? size,
            Height = parse.GetValue(Height) ?? size,
            Fit = fit,
            StartFrame = parse.GetValue(Start) ?? 0,
            MaxFrames = parse.GetValue(Frames) ?? maxFrames,
            FrameRate = parse.GetValue(Fps),
        };
    }

    private static void Positive(System.CommandLine.Parsing.OptionResult result, int minimum)
    {
        if (result.GetValueOrDefault<int?>() is { } value && value < minimum)
        {
            result.AddError($"{result.Option.Name} must be ≥ {minimum}.");
        }
    }
}
