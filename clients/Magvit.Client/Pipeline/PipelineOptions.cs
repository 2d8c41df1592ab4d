namespace Magvit.Client.Pipeline;

/// <summary>Options of one pipeline run.</summary>
public sealed record PipelineOptions
{
    /// <summary>
    /// Keep every latent frame of tokens that went into the detokenizer in <see cref="PipelineMetrics.TokenFrames"/>.
    /// Off by default: a long video's tokens would all stay in memory.
    /// </summary>
    public bool RecordTokens { get; init; }
}
