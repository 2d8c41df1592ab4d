using static TorchSharp.torch;

namespace Magvit.Model.Generation.Autoregressive;

/// <summary>
/// What the sampler saw when it produced token <paramref name="Position"/>; the tensors live until the step ends.
/// </summary>
/// <param name="Position">Raster index of the token.</param>
/// <param name="Context">Spatial-stack output h (Bc, D), Bc = 2B with guidance (conditional rows first).</param>
/// <param name="RawLogits">Each head's logits (Bc, V_k) before guidance.</param>
/// <param name="Logits">Each head's logits (B, V_k) after guidance, before temperature.</param>
internal sealed record AutoregressiveStep(long Position, Tensor Context, IReadOnlyList<Tensor> RawLogits, IReadOnlyList<Tensor> Logits);
