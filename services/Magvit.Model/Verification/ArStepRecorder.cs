using Magvit.Model.Generation.Autoregressive;
using static TorchSharp.torch;

namespace Magvit.Model.Verification;

/// <summary>
/// Keeps copies of what the sampler saw at each step (contexts, raw and guided logits per head) beyond the step's
/// dispose scope, and stacks them along a step axis as the golden arrays lay them out: (rows, steps, …).
/// </summary>
internal sealed class ArStepRecorder
{
    private readonly List<Snapshot> contexts = [];
    private readonly List<Snapshot[]> raw = [];
    private readonly List<Snapshot[]> guided = [];

    public void Record(AutoregressiveStep step)
    {
        contexts.Add(Snapshot.Of(step.Context));
        raw.Add([.. step.RawLogits.Select(Snapshot.Of)]);
        guided.Add([.. step.Logits.Select(Snapshot.Of)]);
    }

    /// <summary>(Bc, steps, D).</summary>
    public Tensor Contexts() => Stack(contexts);

    /// <summary>(Bc, steps, V) of head <paramref name="part"/> before guidance.</summary>
    public Tensor RawLogits(int part) => Stack([.. raw.Select(r => r[part])]);

    /// <summary>(B, steps, V) of head <paramref name="part"/> after guidance.</summary>
    public Tensor Logits(int part) => Stack([.. guided.Select(g => g[part])]);

    private static Tensor Stack(List<Snapshot> steps) => stack(steps.Select(s => s.ToTensor()).ToArray(), 1);

    private sealed record Snapshot(float[] Values, long[] Shape)
    {
        public static Snapshot Of(Tensor t) => new(t.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray(), t.shape);

        public Tensor ToTensor() => tensor(Values, Shape);
    }
}
