using static TorchSharp.torch;

namespace Magvit.Model.Quantization;

/// <summary>
/// The LFQ loss terms as scalar tensors that keep their autograd graph; log them with <c>item&lt;float&gt;()</c>.
/// </summary>
/// <param name="PerSampleEntropy">H_s: mean over tokens of the entropy of each token's code distribution.</param>
/// <param name="BatchEntropy">H_b: entropy of the code distribution averaged over all tokens.</param>
/// <param name="Commitment">mean((z − sg(q))²).</param>
/// <param name="EntropyLoss">w_s·H_s − w_b·H_b (SV <c>entropy_aux_loss</c>).</param>
/// <param name="Total">EntropyWeight·factor·EntropyLoss + CommitmentWeight·Commitment, ready to add to the generator loss.</param>
public sealed record LfqLossParts(Tensor PerSampleEntropy, Tensor BatchEntropy, Tensor Commitment, Tensor EntropyLoss, Tensor Total);
