using Microsoft.Extensions.Options;

namespace Magvit.Hosting;

/// <summary>Admits at most MaxStreams concurrent streams; the excess fails at once rather than queueing.</summary>
public sealed class StreamAdmission(IOptions<MagvitHostOptions> options)
{
    private int active;

    /// <summary>Streams running now.</summary>
    public int Active => Volatile.Read(ref active);

    /// <summary>A ticket to dispose when the stream ends; throws <see cref="StreamLimitException"/> when full.</summary>
    public IDisposable Admit()
    {
        if (Interlocked.Increment(ref active) > options.Value.MaxStreams)
        {
            Interlocked.Decrement(ref active);
            throw new StreamLimitException();
        }

        return new Ticket(this);
    }

    private sealed class Ticket(StreamAdmission owner) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                Interlocked.Decrement(ref owner.active);
            }
        }
    }
}
