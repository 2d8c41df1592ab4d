using System.Globalization;
using Magvit.Cli.Diagnostics;
using Magvit.Model.Numerics;

namespace Magvit.Cli.Commands;

/// <summary>The human-readable doctor output: native facts, a table per config, one summary line.</summary>
internal static class DoctorTables
{
    public static void Write(TextWriter output, NativeLibraryInfo native, IReadOnlyList<ConvNumericsReport> reports)
    {
        var fix = native.GlibcxxFixNeeded ? $"needed (lacks {NativeLibraryInfo.RequiredGlibcxx}; the build marked it weak)" : "not needed";
        output.WriteLine($"libtorch {native.TorchVersion}, {native.Threads} threads; loaded {native.LoadedLibrary ?? "(unknown path)"}");
        output.WriteLine($"libstdc++ {native.SystemLibstdcxx ?? "(not found)"}, newest {native.NewestGlibcxx ?? "?"}: GLIBCXX fix {fix}");
        output.WriteLine($"conv channel guard: {(SafeConvolution.PadChannels ? "on" : "OFF (MAGVIT_CONV_CHANNEL_PAD=0)")}");
        foreach (var report in reports)
        {
            output.WriteLine();
            output.WriteLine($"{report.ConfigName}: {report.Rows.Count} checks");
            output.WriteLine($"  {"conv (Cin→Cout kernel stride pad, H×W layout)",-49} {"batch",5} {"err guarded",12} {"err unguarded",14}  verdict");
            foreach (var row in report.Rows)
            {
                output.WriteLine($"  {Describe(row.Shape),-49} {row.Shape.Batch,5} {Error(row.GuardedError),12} {Error(row.UnguardedError),14}  {Verdict(row)}");
            }
        }

        var rows = reports.Sum(r => r.Rows.Count);
        var wrong = reports.Sum(r => r.GuardedFailures);
        var unguarded = reports.Sum(r => r.UnguardedFailures);
        output.WriteLine();
        output.WriteLine(
            $"summary: {reports.Count} configs, {rows} conv checks; wrong with the guard: {wrong}; wrong without it: {unguarded}"
            + (unguarded > 0 ? " (the oneDNN channel defect is present here)" : " (no conv defect on this machine)")
            + (wrong == 0 ? " — PASS" : " — FAIL"));
    }

    private static string Describe(ConvShape s)
        => $"{s.InChannels}→{s.OutChannels} {s.KernelHeight}×{s.KernelWidth} s{s.Stride} p{s.Padding}, {s.Height}×{s.Width}{(s.ChannelsLast ? " NHWC" : "")}";

    private static string Error(double e) => e.ToString("0.0e+0", CultureInfo.InvariantCulture);

    private static string Verdict(ConvNumericsRow row)
        => !row.Passed ? "WRONG" : row.UnguardedFailed ? "ok (guard needed)" : "ok";
}
