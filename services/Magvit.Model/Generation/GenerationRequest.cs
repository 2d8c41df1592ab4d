namespace Magvit.Model.Generation;

/// <summary>One generation: the whole grid (prompt frames included), what it is conditioned on and how to sample.</summary>
public sealed record GenerationRequest(TokenGrid Grid, GenerationCondition Condition, SamplingOptions Sampling)
{
    /// <summary>Latent frames given by the prompt.</summary>
    public int PromptFrames => Condition.PromptTokens.Count / Grid.TokensPerFrame;
}
