namespace Magvit.Training.Trainer;

/// <summary>The pixel reconstruction term.</summary>
public enum ReconstructionLoss
{
    /// <summary>Mean absolute error (Open-MAGVIT2's choice).</summary>
    L1,

    /// <summary>Mean squared error (the MAGVIT-v2 paper's).</summary>
    L2,
}
