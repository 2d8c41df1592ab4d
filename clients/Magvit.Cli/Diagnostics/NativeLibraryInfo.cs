using System.Text;
using System.Text.RegularExpressions;
using TorchSharp;

namespace Magvit.Cli.Diagnostics;

/// <summary>
/// What the doctor reports about the native stack: libtorch's version and threads, which libLibTorchSharp.so the
/// process loaded, and whether the system libstdc++ is too old for it as shipped (then the build's
/// TorchSharpNative.targets marked its GLIBCXX_3.4.32 need weak, or loading would have failed).
/// </summary>
/// <param name="TorchVersion">libtorch version.</param>
/// <param name="Threads">Intra-op threads.</param>
/// <param name="LoadedLibrary">Path of the loaded libLibTorchSharp.so (null where /proc/self/maps is unavailable).</param>
/// <param name="SystemLibstdcxx">The system libstdc++ the loader finds (null when none of the usual paths exists).</param>
/// <param name="NewestGlibcxx">Newest GLIBCXX version that library provides.</param>
/// <param name="GlibcxxFixNeeded">True when that libstdc++ lacks GLIBCXX_3.4.32.</param>
internal sealed partial record NativeLibraryInfo(
    string TorchVersion, int Threads, string? LoadedLibrary, string? SystemLibstdcxx, string? NewestGlibcxx, bool GlibcxxFixNeeded)
{
    /// <summary>The version libLibTorchSharp.so 0.107.0 declares for one marker symbol.</summary>
    public const string RequiredGlibcxx = "GLIBCXX_3.4.32";

    private static readonly string[] LibStdCxxCandidates =
    [
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    ];

    /// <summary>Reads the facts; libtorch must be initialised.</summary>
    public static NativeLibraryInfo Probe()
    {
        var libStdCxx = Array.Find(LibStdCxxCandidates, File.Exists);
        var versions = libStdCxx is null ? [] : GlibcxxVersions(File.ReadAllBytes(libStdCxx));
        var newest = versions.OrderBy(v => v).LastOrDefault();
        var provides = versions.Contains(Version.Parse(RequiredGlibcxx["GLIBCXX_".Length..]));
        return new NativeLibraryInfo(
            torch.__version__, torch.get_num_threads(), LoadedLibTorchSharp(), libStdCxx,
            newest is null ? null : $"GLIBCXX_{newest}", libStdCxx is not null && !provides);
    }

    private static HashSet<Version> GlibcxxVersions(byte[] library)
        => GlibcxxPattern().Matches(Encoding.Latin1.GetString(library)).Select(m => Version.Parse(m.Groups[1].Value)).ToHashSet();

    private static string? LoadedLibTorchSharp()
    {
        const string maps = "/proc/self/maps";
        return File.Exists(maps)
            ? File.ReadLines(maps).Select(l => l[(l.IndexOf('/', StringComparison.Ordinal) is var i and >= 0 ? i : l.Length)..])
                .FirstOrDefault(p => p.EndsWith("/libLibTorchSharp.so", StringComparison.Ordinal))
            : null;
    }

    [GeneratedRegex(@"GLIBCXX_(\d+\.\d+(?:\.\d+)?)\0")]
    private static partial Regex GlibcxxPattern();
}
