namespace Magvit.Client.Streams;

/// <summary>
/// The input a stream has sent, kept so that a resumed call can send it again from the start, up to a capacity. Once
/// more was sent it keeps nothing (resuming would need all of it): the stream goes on but can no longer resume.
/// </summary>
/// <typeparam name="T">Frames or latent frames.</typeparam>
internal sealed class ReplayBuffer<T>(int capacity)
{
    private List<T>? items = capacity > 0 ? [] : null;

    /// <summary>Items sent so far.</summary>
    public long Sent { get; private set; }

    /// <summary>True while every item sent is kept.</summary>
    public bool HoldsAll => items is not null;

    /// <summary>The capacity.</summary>
    public int Capacity => capacity;

    /// <summary>The items sent so far, in order (empty once they no longer fit).</summary>
    public IReadOnlyList<T> Items => (IReadOnlyList<T>?)items ?? [];

    /// <summary>True when the next item sent will be kept.</summary>
    public bool HasRoom => items is not null && items.Count < capacity;

    /// <summary>Records an item sent; keeps it while there is room, else forgets everything.</summary>
    public void Sending(T item)
    {
        Sent++;
        if (HasRoom)
        {
            items!.Add(item);
        }
        else
        {
            items = null;
        }
    }
}
