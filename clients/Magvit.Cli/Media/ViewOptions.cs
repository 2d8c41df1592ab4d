using System.CommandLine;

namespace Magvit.Cli.Media;

/// <summary>How written videos look: <c>--fps</c> (playback rate) and <c>--scale</c> (nearest-neighbour magnification).</summary>
internal sealed class ViewOptions
{
    public ViewOptions(int defaultScale = 1)
    {
        DefaultScale = defaultScale;
        Scale = new Option<int?>("--scale") { Description = $"Magnify written videos and strips N× with nearest-neighbour pixels (default {defaultScale})." };
        Scale.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 64)
            {
                r.AddError("--scale must be in 1 … 64.");
            }
        });
        Fps.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is <= 0 or > 1000)
            {
                r.AddError("--output-fps must be in (0, 1000].");
            }
        });
    }

    public int DefaultScale { get; }

    public Option<int?> Scale { get; }

    public Option<double?> Fps { get; } = new("--output-fps") { Description = "Playback rate of written videos (default: the source's)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Scale);
        command.Options.Add(Fps);
    }

    public int ScaleOf(ParseResult parse) => parse.GetValue(Scale) ?? DefaultScale;

    public double? FrameRate(ParseResult parse) => parse.GetValue(Fps);
}
