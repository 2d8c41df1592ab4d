using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Magvit.Client.Pipeline;

/// <summary>
/// The services chained stream to stream: each stage's output feeds the next through a bounded channel, so frames come
/// out while frames (or tokens) still go in, and no stage holds a whole video (only the bounded resume buffers of the
/// streams, and a prompt's tokens, which the generator takes in one request). Each stage's stream resumes on its own
/// when its server breaks.
/// </summary>
public sealed class MagvitPipeline
{
    private readonly ITokenizerClient tokenizer;
    private readonly IDetokenizerClient detokenizer;
    private readonly IGeneratorClient generator;
    private readonly int capacity;

    /// <summary>A pipeline over the three clients; <paramref name="capacity"/> latent frames wait between two stages at most.</summary>
    public MagvitPipeline(ITokenizerClient tokenizer, IDetokenizerClient detokenizer, IGeneratorClient generator, int capacity = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        (this.tokenizer, this.detokenizer, this.generator, this.capacity) = (tokenizer, detokenizer, generator, capacity);
    }

    /// <summary>Tokenize → detokenize: the video as the tokenizer's tokens represent it.</summary>
    public PipelineRun Reconstruct(VideoFrames video, PipelineOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(video);
        return new PipelineRun((metrics, token) => ReconstructAsync(video, metrics, token), options ?? new(), cancellationToken);
    }

    /// <summary>
    /// Tokenize the prompt → generate <paramref name="latentFrames"/> latent frames that continue it → detokenize. The
    /// output starts with the prompt's reconstruction (its latent frames, echoed by the generator), then the new frames.
    /// </summary>
    public PipelineRun Continue(VideoFrames prompt, int latentFrames, GenerationOptions? generation = null, PipelineOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfLessThan(latentFrames, 1);
        return new PipelineRun((metrics, token) => ContinueAsync(prompt, latentFrames, generation ?? new(), metrics, token), options ?? new(), cancellationToken);
    }

    /// <summary>Generate (a class, a token prompt, or nothing) → detokenize.</summary>
    public PipelineRun Generate(GenerationRequest request, PipelineOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new PipelineRun((metrics, token) => GenerateAsync(request, metrics, token), options ?? new(), cancellationToken);
    }

    private async IAsyncEnumerable<RgbFrame> ReconstructAsync(VideoFrames video, PipelineMetrics metrics, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var tokens = await tokenizer.TokenizeAsync(video, cancellationToken).ConfigureAwait(false);
        await using (tokens.ConfigureAwait(false))
        {
            await foreach (var frame in DetokenizeAsync(tokens.Header, tokens.ReadAllAsync(cancellationToken), metrics, cancellationToken).ConfigureAwait(false))
            {
                yield return frame;
            }

            metrics.TokenizerResumes = tokens.Resumes;
        }
    }

    private async IAsyncEnumerable<RgbFrame> ContinueAsync(
        VideoFrames prompt, int latentFrames, GenerationOptions generation, PipelineMetrics metrics, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The generator takes the prompt in its request: its tokens are collected (a few latent frames: the model's context).
        var promptFrames = new List<TokenFrame>();
        var tokens = await tokenizer.TokenizeAsync(prompt, cancellationToken).ConfigureAwait(false);
        TokenStreamHeader header;
        await using (tokens.ConfigureAwait(false))
        {
            await foreach (var frame in tokens.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                promptFrames.Add(frame);
            }

            (header, metrics.TokenizerResumes) = (tokens.Header, tokens.Resumes);
        }

        var request = new GenerationRequest(latentFrames) { Prompt = new TokenPrompt(header, promptFrames), Options = generation };
        await foreach (var frame in GenerateAsync(request, metrics, cancellationToken).ConfigureAwait(false))
        {
            yield return frame;
        }
    }

    private async IAsyncEnumerable<RgbFrame> GenerateAsync(GenerationRequest request, PipelineMetrics metrics, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var generated = await generator.GenerateAsync(request, cancellationToken).ConfigureAwait(false);
        await using (generated.ConfigureAwait(false))
        {
            (metrics.Seed, metrics.PromptLatentFrames) = (generated.Seed, generated.PromptLatentFrames);
            await foreach (var frame in DetokenizeAsync(generated.Header, generated.ReadAllAsync(cancellationToken), metrics, cancellationToken).ConfigureAwait(false))
            {
                yield return frame;
            }

            metrics.GeneratorResumes = generated.Resumes;
        }
    }

    /// <summary>The last stage: <paramref name="tokens"/> through a bounded channel into a Detokenize stream, whose frames come out.</summary>
    private async IAsyncEnumerable<RgbFrame> DetokenizeAsync(
        TokenStreamHeader header, IAsyncEnumerable<TokenFrame> tokens, PipelineMetrics metrics, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        metrics.TokenHeader = header;
        using var stages = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<TokenFrame>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        var pump = PumpAsync(tokens, channel.Writer, metrics, stages.Token);
        try
        {
            var frames = await detokenizer.DetokenizeAsync(header, channel.Reader.ReadAllAsync(stages.Token), stages.Token).ConfigureAwait(false);
            await using (frames.ConfigureAwait(false))
            {
                metrics.Format = frames.Format;
                await foreach (var frame in frames.ReadAllAsync(stages.Token).ConfigureAwait(false))
                {
                    yield return frame;
                }

                metrics.DetokenizerResumes = frames.Resumes;
            }
        }
        finally
        {
            // Leaving early (a failure, or a caller that stopped reading) ends the upstream stage too.
            await stages.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }
    }

    /// <summary>Moves the upstream stage's tokens into the channel; its failure completes the channel, so the detokenizer stream ends with it.</summary>
    private static async Task PumpAsync(IAsyncEnumerable<TokenFrame> tokens, ChannelWriter<TokenFrame> writer, PipelineMetrics metrics, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in tokens.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                metrics.Token(frame);
                await writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            }

            writer.TryComplete();
        }
#pragma warning disable CA1031 // The failure is not lost: it travels down the channel to the detokenizer stream, which ends with it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            writer.TryComplete(e);
        }
    }
}
