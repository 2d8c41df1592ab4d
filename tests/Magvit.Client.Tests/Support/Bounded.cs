namespace Magvit.Client.Tests.Support;

/// <summary>Every await of a test is bounded: a hang fails the test instead of the run.</summary>
internal static class Bounded
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Task Within(this Task task) => task.WaitAsync(Timeout);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Timeout);

    /// <summary>Reads <paramref name="source"/> to its end, each step bounded; <paramref name="onItem"/> sees each item and its index.</summary>
    public static async Task<List<T>> ReadAllWithinAsync<T>(this IAsyncEnumerable<T> source, Func<T, int, Task>? onItem = null)
    {
        var items = new List<T>();
        var enumerator = source.GetAsyncEnumerator();
        try
        {
            while (await enumerator.MoveNextAsync().AsTask().WaitAsync(Timeout))
            {
                items.Add(enumerator.Current);
                if (onItem is not null)
                {
                    await onItem(enumerator.Current, items.Count - 1).WaitAsync(Timeout);
                }
            }
        }
        finally
        {
            await enumerator.DisposeAsync().AsTask().WaitAsync(Timeout);
        }

        return items;
    }
}
