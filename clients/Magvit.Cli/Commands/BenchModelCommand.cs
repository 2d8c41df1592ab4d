using System.CommandLine;
using Magvit.Cli.Benchmarks;
using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer.Layers;

namespace Magvit.Cli.Commands;

/// <summary>
/// <c>magvit bench model</c>: encode and decode throughput of the image, reference video and causal paths, and the
/// achieved conv GFLOP/s as a fraction of this machine's conv2d peak (measured before and after; the best is kept,
/// since a shared machine only ever makes a measurement slower).
/// </summary>
internal static class BenchModelCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (default: libtorch's choice)." };
        var quick = new Option<bool>("--quick") { Description = "Video paths at 9×64² instead of 17×128² (seconds instead of minutes)." };
        var paths = new Option<string[]>("--path") { Description = "Path to run (repeatable; default: all)." };
        paths.AcceptOnlyFromAmong([.. BenchmarkPath.Names]);
        var reps = new Option<int>("--reps") { Description = "Timed repetitions per path (default: 3 for images and quick runs, 1 for full clips)." };
        var frames = new Option<int>("--frames") { Description = "Frames per clip of the video paths (1 + 4k; overrides the default and --quick)." };
        var size = new Option<int>("--size") { Description = "Height and width of every path (overrides the default and --quick)." };
        var strategy = new Option<CausalConvStrategy?>("--causal-conv") { Description = "How causal 3-D convs are computed (default: the model's; to compare alternatives)." };
        var command = new Command("model", "Encode/decode throughput and GFLOP/s against the conv2d peak.") { json, threads, quick, paths, reps, frames, size, strategy };
        command.SetAction(parseResult =>
        {
            TorchRuntime.Initialize(parseResult.GetValue(threads));
            var names = parseResult.GetValue(paths) is { Length: > 0 } named ? named : [.. BenchmarkPath.Names];
            var log = parseResult.GetValue(json) ? null : parseResult.InvocationConfiguration.Output;
            var chosen = names.Select(n => BenchmarkPath.Get(n, parseResult.GetValue(quick)).Resized(parseResult.GetValue(frames), parseResult.GetValue(size))).ToList();
            var report = Run(chosen, parseResult.GetValue(quick), parseResult.GetValue(reps), parseResult.GetValue(strategy), log);
            if (parseResult.GetValue(json))
            {
                CliJson.Write(parseResult.InvocationConfiguration.Output, report);
            }

            return 0;
        });
        return command;
    }

    private static BenchReport Run(IReadOnlyList<BenchmarkPath> paths, bool quick, int reps, CausalConvStrategy? strategy, TextWriter? log)
    {
        var before = ConvPeak.Measure();
        log?.WriteLine($"conv2d peak: NCHW {before.Nchw:F1} GF/s, NHWC {before.Nhwc:F1} GF/s ({TorchSharp.torch.get_num_threads()} threads)");
        var timings = new Dictionary<string, (BenchmarkPath Path, PathTiming Timing)>();
        foreach (var path in paths)
        {
            var clip = path.Frames > 1 && !quick;
            var (warmups, repetitions) = (clip ? 0 : 1, reps > 0 ? reps : clip ? 1 : 3);
            log?.WriteLine($"{path.Name}: {path.Describe()}{(quick && path.Frames > 1 ? " (--quick)" : "")}, {warmups} warm-up + {repetitions} timed ...");
            timings[path.Name] = (path, ModelBenchmark.Run(path, warmups, repetitions, strategy));
        }

        var after = ConvPeak.Measure();
        var (nchw, nhwc) = (Math.Max(before.Nchw, after.Nchw), Math.Max(before.Nhwc, after.Nhwc));
        var peak = Math.Max(nchw, nhwc);
        PathResult? Result(string name) => timings.TryGetValue(name, out var t) ? PathResult.From(t.Path, t.Timing, peak) : null;
        var report = new BenchReport(
            peak, nchw, nhwc, TorchSharp.torch.get_num_threads(), quick, PeakResidentMegabytes(), (strategy ?? CausalConvStrategy.Auto).ToString(),
            Result("image"), Result("video"), Result("causal"));
        if (log is not null)
        {
            BenchTables.Write(log, report);
        }

        return report;
    }

    private static double PeakResidentMegabytes()
    {
        const string status = "/proc/self/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null ? 0 : double.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}
