using static TorchSharp.torch;

namespace Magvit.Model.Weights;

/// <summary>One tensor's header record; <see cref="Begin"/>/<see cref="End"/> are relative to the data section.</summary>
internal sealed record SafeTensorsEntry(string Name, ScalarType DType, long[] Shape, long Begin, long End);
