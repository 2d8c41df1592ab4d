namespace Magvit.Training.Data;

/// <summary>Which part of the training material a source belongs to (JSON: "train", "validation").</summary>
public enum DataSplit
{
    /// <summary>Sampled for training.</summary>
    Train,

    /// <summary>Held out: only measured, for periodic validation (never the reserved evaluation media).</summary>
    Validation,
}
