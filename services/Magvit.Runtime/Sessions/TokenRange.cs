namespace Magvit.Runtime.Sessions;

/// <summary>Checks token ids before they are queued, so one bad request cannot fail a whole batch.</summary>
internal static class TokenRange
{
    /// <summary>Throws when an id lies outside [0, <paramref name="maxId"/>] (vectorised scan).</summary>
    public static void Require(ReadOnlySpan<int> ids, int maxId, string paramName)
    {
        var at = ids.IndexOfAnyExceptInRange(0, maxId);
        if (at >= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, ids[at], $"Token id at {at} is outside [0, {maxId}].");
        }
    }
}
