using static TorchSharp.torch;

namespace Magvit.Model.Weights.Pickle;

/// <summary>
/// A storage named by a torch.save persistent id: its archive key, element type and element count. Legacy files may
/// name a view of another storage; <see cref="ElementOffset"/> is where that view starts in its root storage.
/// </summary>
internal sealed record TorchStorageRef(string Key, ScalarType DType, long ElementCount, string Location, long ElementOffset = 0);
