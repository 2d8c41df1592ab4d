using System.Threading.Channels;
using Magvit.Model.Generation;

namespace Magvit.Runtime.Generation;

/// <summary>
/// A generation: tokens go into an unbounded channel as the model reports them. Unbounded is safe because a request's
/// whole output is one validated token grid (a few KiB), and it never blocks the worker on a slow reader.
/// </summary>
internal sealed class GenerateJob(GenerationRequest request, CancellationToken cancellationToken) : GeneratorJob(cancellationToken)
{
    private readonly Channel<GeneratedTokens> tokens = Channel.CreateUnbounded<GeneratedTokens>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = true });
    private readonly TaskCompletionSource<TimeSpan> started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The caller's view of the job.</summary>
    public GenerationRun View => new(tokens.Reader, started.Task);

    /// <inheritdoc />
    public override void Run(ITokenGenerator model, TimeSpan queueTime, CancellationToken cancellationToken)
    {
        started.TrySetResult(queueTime);
        model.Generate(request, produced => tokens.Writer.TryWrite(produced), cancellationToken);
        tokens.Writer.TryComplete();
    }

    /// <inheritdoc />
    public override void Fail(Exception error)
    {
        started.TrySetException(error);
        tokens.Writer.TryComplete(error);
    }
}
