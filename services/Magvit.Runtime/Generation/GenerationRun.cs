using System.Threading.Channels;
using Magvit.Model.Generation;

namespace Magvit.Runtime.Generation;

/// <summary>
/// One generation in flight: its tokens as the worker produces them, and when it started. Enumerate
/// <see cref="ReadAllAsync"/> once; cancelling that enumeration (or the token given to
/// <see cref="GeneratorEngine.Generate"/>) stops the model within one decoding step.
/// </summary>
public sealed class GenerationRun
{
    private readonly ChannelReader<GeneratedTokens> tokens;
    private readonly Task<TimeSpan> started;

    internal GenerationRun(ChannelReader<GeneratedTokens> tokens, Task<TimeSpan> started)
    {
        this.tokens = tokens;
        this.started = started;
    }

    /// <summary>Time spent waiting for a worker, once one took the job.</summary>
    public TimeSpan? QueueTime => started.IsCompletedSuccessfully ? started.Result : null;

    /// <summary>Every run of new tokens in order; ends when the grid is complete, or throws what the model threw.</summary>
    public IAsyncEnumerable<GeneratedTokens> ReadAllAsync(CancellationToken cancellationToken) => tokens.ReadAllAsync(cancellationToken);
}
