namespace Magvit.Model.Tokenizer.Layers;

/// <summary>Over what a normalisation pools its statistics.</summary>
public enum NormMode
{
    /// <summary>(B, C, H, W): per sample and group over C/G × H × W.</summary>
    Image,

    /// <summary>(B, T, C, H, W): per sample and group over C/G × T × H × W, as the reference video model.</summary>
    Joint,

    /// <summary>(B, T, C, H, W): per sample, frame and group over C/G × H × W — strictly causal.</summary>
    PerFrame,
}
