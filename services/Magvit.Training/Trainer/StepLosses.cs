namespace Magvit.Training.Trainer;

/// <summary>The loss parts of one training step (values, for logs and metrics).</summary>
/// <param name="Step">Global step (0-based) these belong to.</param>
/// <param name="Frames">Frames per clip of this step's batch (1 for image batches).</param>
/// <param name="Total">The generator's total loss.</param>
/// <param name="Reconstruction">L1 or L2 pixel term.</param>
/// <param name="Commitment">LFQ commitment (unweighted).</param>
/// <param name="SampleEntropy">LFQ per-sample entropy H_s (nats).</param>
/// <param name="BatchEntropy">LFQ codebook entropy H_b (nats).</param>
/// <param name="Lfq">The weighted LFQ total (entropy × annealing factor, commitment).</param>
/// <param name="Generator">Generator hinge loss (0 when not adversarial).</param>
/// <param name="AdversarialWeight">Its weight this step (0 when off).</param>
/// <param name="Discriminator">Discriminator hinge loss (0 when off).</param>
/// <param name="Lecam">LeCAM penalty (unweighted; 0 when off).</param>
/// <param name="GradientNorm">Generator gradient norm before clipping.</param>
/// <param name="LearningRate">Learning rate used.</param>
public sealed record StepLosses(
    long Step,
    int Frames,
    double Total,
    double Reconstruction,
    double Commitment,
    double SampleEntropy,
    double BatchEntropy,
    double Lfq,
    double Generator,
    double AdversarialWeight,
    double Discriminator,
    double Lecam,
    double GradientNorm,
    double LearningRate);
