using System.Text.Json.Serialization;

namespace Magvit.Model.Tokenizer;

/// <summary>Every hyper-parameter of a MAGVIT-v2 tokenizer (Open-MAGVIT2 <c>ddconfig</c> names in comments).</summary>
public sealed record TokenizerConfig
{
    /// <summary>Architecture variant.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<TokenizerKind>))]
    public TokenizerKind Kind { get; init; } = TokenizerKind.CausalVideo;

    /// <summary>Base width (<c>ch</c>).</summary>
    public int Channels { get; init; } = 128;

    /// <summary>Width multiplier per resolution level (<c>ch_mult</c>); one down-sampling between levels.</summary>
    public IReadOnlyList<int> ChannelMultipliers { get; init; } = [1, 2, 2, 4];

    /// <summary>ResBlocks per level, and in the middle stage (<c>num_res_blocks</c>).</summary>
    public int ResBlocks { get; init; } = 4;

    /// <summary>Latent channels = bits per token, K = 2^bits codes (<c>z_channels</c> = <c>embed_dim</c>).</summary>
    public int LatentChannels { get; init; } = 18;

    /// <summary>Image channels in (<c>in_channels</c>).</summary>
    public int InChannels { get; init; } = 3;

    /// <summary>Image channels out (<c>out_ch</c>).</summary>
    public int OutChannels { get; init; } = 3;

    /// <summary>GroupNorm groups (fixed at 32 in the reference).</summary>
    public int NormGroups { get; init; } = 32;

    /// <summary>True for the two video kinds.</summary>
    [JsonIgnore]
    public bool IsVideo => Kind != TokenizerKind.Image;

    /// <summary>Number of resolution levels.</summary>
    [JsonIgnore]
    public int Levels => ChannelMultipliers.Count;

    /// <summary>Spatial down-sampling factor: 2 per level transition.</summary>
    [JsonIgnore]
    public int SpatialFactor => 1 << (Levels - 1);

    /// <summary>
    /// Temporal down-sampling factor: the encoder halves time at every transition whose level multiplier is not 1
    /// (Open-MAGVIT2's rule), so (1,2,2,4) gives 4.
    /// </summary>
    [JsonIgnore]
    public int TemporalFactor => IsVideo ? 1 << Enumerable.Range(0, Levels - 1).Count(DownsamplesTime) : 1;

    /// <summary>Whether the encoder's down-sampler after <paramref name="level"/> also halves time.</summary>
    public bool DownsamplesTime(int level) => IsVideo && ChannelMultipliers[level] != 1;

    /// <summary>Whether the decoder's up-sampler of <paramref name="level"/> (≥ 1) doubles time: the mirror rule.</summary>
    public bool UpsamplesTime(int level) => IsVideo && ChannelMultipliers[level - 1] != 1;

    /// <summary>Latent frames for <paramref name="frames"/> input frames: T → ⌊(T−1)/2⌋+1 per temporal step.</summary>
    public int LatentFrames(int frames)
    {
        var t = frames;
        for (var level = 0; level < Levels - 1; level++)
        {
            if (DownsamplesTime(level))
            {
                t = ((t - 1) / 2) + 1;
            }
        }

        return t;
    }

    /// <summary>Output frames for <paramref name="latentFrames"/>: each temporal ×2 step gives 2T−1 (frame 1 dropped).</summary>
    public int DecodedFrames(int latentFrames) => latentFrames == 0 ? 0 : (TemporalFactor * (latentFrames - 1)) + 1;

    /// <summary>Throws when the config cannot describe a model.</summary>
    public void Validate()
    {
        if (Channels <= 0 || Channels % NormGroups != 0)
        {
            throw new ArgumentException($"Channels ({Channels}) must be a positive multiple of NormGroups ({NormGroups}).");
        }

        if (ChannelMultipliers.Count == 0 || ChannelMultipliers.Any(m => m <= 0))
        {
            throw new ArgumentException("ChannelMultipliers must be non-empty and positive.");
        }

        if (ResBlocks < 1 || LatentChannels is < 1 or > 31 || InChannels < 1 || OutChannels < 1)
        {
            throw new ArgumentException("ResBlocks ≥ 1, LatentChannels in 1..31 and positive image channels are required.");
        }
    }
}
