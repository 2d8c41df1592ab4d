namespace Magvit.Client;

/// <summary>
/// Resuming streams that break with UNAVAILABLE or RESOURCE_EXHAUSTED (a server killed or restarted, a connection
/// reset, a full queue): the client reopens the stream with start_latent_frame at the first latent frame the caller
/// has not yet received, sends the input again from the start, and the caller sees the uninterrupted stream. That
/// needs the input kept: frames (tokenize) and latent frames (detokenize) up to the limits below.
/// </summary>
public sealed class MagvitResumeOptions
{
    /// <summary>False: a broken stream fails at once.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Breaks one stream may survive.</summary>
    public int MaxResumes { get; set; } = 5;

    /// <summary>Retries of opening a stream (first or resumed) that fails with UNAVAILABLE or RESOURCE_EXHAUSTED.</summary>
    public int MaxReopenRetries { get; set; } = 8;

    /// <summary>Back-off before the first retry of an open; doubles per retry.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest back-off between retries of an open.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Frames a Tokenize stream keeps for sending again (RGB24, copied); past it the stream goes on but can no longer
    /// resume, and a break fails with <see cref="MagvitResumeException"/>.
    /// </summary>
    public int MaxReplayFrames { get; set; } = 512;

    /// <summary>Latent frames of tokens a Detokenize stream keeps for sending again; past it, as above.</summary>
    public int MaxReplayLatentFrames { get; set; } = 8192;
}
