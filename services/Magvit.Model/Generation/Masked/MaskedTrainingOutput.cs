using static TorchSharp.torch;

namespace Magvit.Model.Generation.Masked;

/// <summary>
/// One evaluation of <see cref="MaskedTrainingObjective"/>: <paramref name="Loss"/> (scalar, differentiable: the
/// masked-position cross-entropy summed over sub-token parts), <paramref name="Accuracy"/> (scalar, no grad: the
/// fraction of masked positions whose every part is predicted right by argmax) and <paramref name="Mask"/> (B, L)
/// bool, true where the input was [MASK]. The tensors belong to the caller's dispose scope.
/// </summary>
public sealed record MaskedTrainingOutput(Tensor Loss, Tensor Accuracy, Tensor Mask);
