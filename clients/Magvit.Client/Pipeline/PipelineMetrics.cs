using System.Diagnostics;

namespace Magvit.Client.Pipeline;

/// <summary>
/// What a pipeline run observed, updated while it runs (stages run on other threads; reads are consistent snapshots of
/// each value): the token stream between the stages, latencies from the start of the enumeration, resumes per stage.
/// </summary>
public sealed class PipelineMetrics
{
    private readonly object gate = new();
    private readonly List<TokenFrame>? tokens;
    private readonly Stopwatch clock = new();
    private long tokenFrames;
    private long frames;

    internal PipelineMetrics(PipelineOptions options) => tokens = options.RecordTokens ? [] : null;

    /// <summary>The header of the tokens the detokenizer decoded, once known.</summary>
    public TokenStreamHeader? TokenHeader { get; internal set; }

    /// <summary>The output frames' format, once known.</summary>
    public VideoFormat? Format { get; internal set; }

    /// <summary>Latent frames that went into the detokenizer so far.</summary>
    public long TokenFrameCount => Interlocked.Read(ref tokenFrames);

    /// <summary>Frames handed to the caller so far.</summary>
    public long FrameCount => Interlocked.Read(ref frames);

    /// <summary>The latent frames that went into the detokenizer (prompt echo included), when <see cref="PipelineOptions.RecordTokens"/> is set.</summary>
    public IReadOnlyList<TokenFrame> TokenFrames
    {
        get
        {
            lock (gate)
            {
                return tokens is null ? [] : [.. tokens];
            }
        }
    }

    /// <summary>From the start of the run to the first latent frame of tokens between the stages.</summary>
    public TimeSpan? TimeToFirstToken { get; private set; }

    /// <summary>From the start of the run to the first output frame.</summary>
    public TimeSpan? TimeToFirstFrame { get; private set; }

    /// <summary>From the start of the run to its end (null while it runs).</summary>
    public TimeSpan? Elapsed { get; private set; }

    /// <summary>Breaks the tokenizer stream survived.</summary>
    public int TokenizerResumes { get; internal set; }

    /// <summary>Breaks the generator stream survived.</summary>
    public int GeneratorResumes { get; internal set; }

    /// <summary>Breaks the detokenizer stream survived.</summary>
    public int DetokenizerResumes { get; internal set; }

    /// <summary>The generator's seed (the caller's or the client's choice), for runs that generate.</summary>
    public ulong? Seed { get; internal set; }

    /// <summary>Latent frames of the prompt at the start of the token stream (Continue).</summary>
    public int PromptLatentFrames { get; internal set; }

    internal void Start() => clock.Start();

    internal void Token(TokenFrame frame)
    {
        if (Interlocked.Increment(ref tokenFrames) == 1)
        {
            TimeToFirstToken = clock.Elapsed;
        }

        if (tokens is not null)
        {
            lock (gate)
            {
                tokens.Add(frame);
            }
        }
    }

    internal void Frame()
    {
        if (Interlocked.Increment(ref frames) == 1)
        {
            TimeToFirstFrame = clock.Elapsed;
        }
    }

    internal void Finish() => Elapsed = clock.Elapsed;
}
