namespace Magvit.Runtime.Generation;

/// <summary>A <see cref="GeneratorEngine"/>'s counters: what ran, what was refused, and what tensors are still alive.</summary>
/// <param name="Queued">Jobs waiting for a worker.</param>
/// <param name="Running">Jobs on a worker now.</param>
/// <param name="Completed">Jobs that finished.</param>
/// <param name="Cancelled">Jobs stopped by their caller (before or while running).</param>
/// <param name="Failed">Jobs that failed (bad request found by the model, or a model error).</param>
/// <param name="LiveTensors">Tensors alive in the whole process (TorchSharp's count): back to its baseline when idle.</param>
public sealed record GeneratorStatistics(int Queued, int Running, long Completed, long Cancelled, long Failed, long LiveTensors);
