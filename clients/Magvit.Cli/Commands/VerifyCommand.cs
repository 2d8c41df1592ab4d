using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Magvit.Model.Runtime;
using Magvit.Model.Verification;

namespace Magvit.Cli.Commands;

/// <summary><c>magvit verify --golden DIR…</c>: parity with reference outputs; exit 1 on any failure.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var golden = new Option<DirectoryInfo[]>("--golden")
        {
            Description = "Golden folder(s) (manifest.json, .npy arrays, weights). Default: every set under tests/golden.",
            AllowMultipleArgumentsPerToken = true,
        };
        var json = new Option<bool>("--json") { Description = "Print the reports as JSON." };
        var command = new Command("verify", "Check this implementation against reference (Open-MAGVIT2) outputs.") { golden, json };
        command.SetAction(parse => Run(parse.GetValue(golden) ?? [], parse.GetValue(json)));
        return command;
    }

    private static int Run(DirectoryInfo[] folders, bool json)
    {
        TorchRuntime.Initialize();
        var directories = folders.Length > 0 ? folders.Select(f => f.FullName).ToArray() : DefaultSets();
        if (directories.Length == 0)
        {
            Console.Error.WriteLine("No golden folders given and none found under tests/golden.");
            return 2;
        }

        var reports = directories.Select(Verify).ToArray();
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(reports.Select(ToJson), CliJson.Options));
        }
        else
        {
            foreach (var report in reports)
            {
                Print(report);
            }
        }

        return reports.All(r => r.Passed) ? 0 : 1;
    }

    private static GoldenReport Verify(string directory)
    {
        try
        {
            return GoldenVerifier.Verify(directory);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException or UnauthorizedAccessException or JsonException)
        {
            return new GoldenReport(directory, "?", [], [e.Message]);
        }
    }

    private static void Print(GoldenReport report)
    {
        Console.WriteLine($"{report.Directory}  —  {report.Model}");
        foreach (var check in report.Checks)
        {
            var verdict = check.Passed ? "ok  " : "FAIL";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {verdict} {check.Name,-46} max |err| {check.MaxAbsError,10:G3}  (tol {check.Tolerance:G2})  {check.Detail}"));
        }

        foreach (var problem in report.Problems)
        {
            Console.WriteLine($"  FAIL {problem}");
        }

        Console.WriteLine(report.Passed ? "  PASSED" : "  FAILED");
        Console.WriteLine();
    }

    private static object ToJson(GoldenReport report) => new
    {
        directory = report.Directory,
        model = report.Model,
        passed = report.Passed,
        checks = report.Checks.Select(c => new { name = c.Name, max_abs_error = c.MaxAbsError, tolerance = c.Tolerance, passed = c.Passed, detail = c.Detail }),
        problems = report.Problems,
    };

    private static string[] DefaultSets()
    {
        var root = RepositoryPaths.Find("tests", "golden");
        return root is null ? [] : Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "manifest.json"))).Order(StringComparer.Ordinal).ToArray();
    }
}
