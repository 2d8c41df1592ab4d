namespace Magvit.Training.Data;

/// <summary>Wildcards (<c>*</c>, <c>?</c>) on file names and relative paths, matched case-insensitively.</summary>
public static class Glob
{
    /// <summary>Whether <paramref name="name"/> matches <paramref name="pattern"/> (whole string, case-insensitive).</summary>
    public static bool IsMatch(string name, string pattern) => Match(name.AsSpan(), pattern.AsSpan());

    /// <summary>
    /// The files under <paramref name="root"/> matching <paramref name="relativePattern"/>, whose '/'-separated
    /// segments may each hold wildcards (e.g. <c>johns/*/*.jpg</c>); sorted ordinally, as paths under root.
    /// </summary>
    public static IReadOnlyList<string> Expand(string root, string relativePattern)
    {
        var current = new List<string> { root };
        var segments = relativePattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            var next = new List<string>();
            foreach (var directory in current.Where(Directory.Exists))
            {
                var segment = segments[i];
                if (segment.AsSpan().IndexOfAny('*', '?') < 0)
                {
                    var path = Path.Combine(directory, segment);
                    if (last ? File.Exists(path) : Directory.Exists(path))
                    {
                        next.Add(path);
                    }

                    continue;
                }

                var entries = last ? Directory.EnumerateFiles(directory) : Directory.EnumerateDirectories(directory);
                next.AddRange(entries.Where(e => IsMatch(Path.GetFileName(e), segment)));
            }

            current = next;
        }

        current.Sort(StringComparer.Ordinal);
        return current;
    }

    private static bool Match(ReadOnlySpan<char> name, ReadOnlySpan<char> pattern)
    {
        // Iterative wildcard match with single-star backtracking: O(n·m) worst case, no recursion.
        int n = 0, p = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(name[n])))
            {
                n++;
                p++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = n;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
