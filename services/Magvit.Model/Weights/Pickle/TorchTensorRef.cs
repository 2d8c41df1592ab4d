using static TorchSharp.torch;

namespace Magvit.Model.Weights.Pickle;

/// <summary>
/// A tensor as torch pickles describe it (<c>_rebuild_tensor_v2(storage, offset, size, stride, ...)</c>): a strided
/// view of a storage. Nothing is read until the checkpoint file materializes it, so unused tensors (optimizer state)
/// cost no memory.
/// </summary>
internal sealed record TorchTensorRef(TorchStorageRef Storage, long Offset, long[] Size, long[] Stride, ScalarType DType)
{
    public override string ToString() => $"tensor {DType} [{string.Join(", ", Size)}]";
}
