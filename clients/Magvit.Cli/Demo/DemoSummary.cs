using System.Globalization;
using Spectre.Console;

namespace Magvit.Cli.Demo;

/// <summary>The demo's summary table for people (Spectre.Console, plain text when the output is not a terminal).</summary>
internal static class DemoSummary
{
    public static void Write(TextWriter output, DemoMetrics m, string outputDirectory)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        var (r, c, t) = (m.Reconstruction, m.Continuation, m.TimingsMs);
        var table = new Table().Title($"MAGVIT demo: {Markup.Escape(Path.GetFileName(m.Input.Path))}, {m.Input.Frames} frames of {m.Input.Width}×{m.Input.Height}");
        table.AddColumn("what");
        table.AddColumn("result");
        Row(table, "tokenizer", Describe(m.Models["tokenizer"]));
        Row(table, "generator", Describe(m.Models["generator"]));
        Row(table, "reconstruction", F($"RGB PSNR {r.PsnrDb:F2} dB over {r.Frames} frames"));
        Row(table, "tokens", F($"{r.LatentFrames} latent frames × {r.GridHeight}×{r.GridWidth} = {r.Tokens} tokens of K = {r.CodebookBits} bits"));
        Row(table, "bits per pixel", F($"raw {r.RawBpp:0.####} (K ÷ pixels per token); clip {r.ClipBpp:0.####} (all tokens ÷ all pixels)"));
        Row(table, "continuation", F($"{c.PromptLatentFrames} prompt + {c.GeneratedLatentFrames} generated latent frames = {c.Frames} frames, seed {c.Seed}")
            + (c.GeneratedVsInputPsnrDb is { } g ? F($"; generated vs the real frames {g:F2} dB") : string.Empty));
        Row(table, "time to first frame", F($"{r.TimeToFirstFrameMs:F0} ms (reconstruction; continuation {c.TimeToFirstFrameMs:F0} ms)"));
        Row(table, "stages", string.Join(", ", t.Select(p => F($"{p.Key.Replace('_', ' ')} {p.Value / 1000:F1} s"))));
        Row(table, "outputs", $"{outputDirectory}/: {string.Join(", ", m.Files)}");
        console.Write(table);
        if (m.Untrained)
        {
            console.WriteLine("WARNING: untrained weights — the videos show the pipeline working, not a model's quality.");
        }
    }

    private static void Row(Table table, string what, string value) => table.AddRow(Markup.Escape(what), Markup.Escape(value));

    private static string Describe(DemoModel model) => model.Random ? $"{model.Source} (UNTRAINED)" : $"{model.ModelId} ({model.WeightsSha256[..12]}…)";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
