using Magvit.Model.Generation;

namespace Magvit.Runtime.Generation;

/// <summary>Per-token log-probabilities of a token grid.</summary>
internal sealed class ScoreJob(TokenGrid grid, int? classId, IReadOnlyList<long> tokens, CancellationToken cancellationToken) : GeneratorJob(cancellationToken)
{
    private readonly TaskCompletionSource<float[]> result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the log-probabilities.</summary>
    public Task<float[]> Task => result.Task;

    /// <inheritdoc />
    public override void Run(ITokenGenerator model, TimeSpan queueTime, CancellationToken cancellationToken) => result.TrySetResult(model.Score(grid, classId, tokens, cancellationToken));

    /// <inheritdoc />
    public override void Fail(Exception error) => result.TrySetException(error);
}
