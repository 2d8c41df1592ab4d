using Magvit.Model.Tokenizer;
using Magvit.Training.Data;
using Magvit.Training.Metrics;
using static TorchSharp.torch;

namespace Magvit.Training.Trainer;

/// <summary>
/// One validation pass: every fixed validation clip through encode → quantize → decode, compared as 8-bit RGB
/// (PSNR of the pooled MSE, mean SSIM), the tokens counted; the first clips kept for a sample strip.
/// </summary>
public static class TokenizerValidator
{
    /// <summary>
    /// Measures <paramref name="model"/> (put in eval mode) on <paramref name="set"/>. Video windows are measured only
    /// for video models; images always. Samples are (T, 3, S, S) byte-valued CPU tensors the caller disposes.
    /// </summary>
    public static (ValidationMetrics Metrics, List<(Tensor Input, Tensor Output)> Samples) Run(
        MagvitTokenizer model, ValidationSet set, int batch, Device device, int sampleCount, long step, TrainingPhase phase)
    {
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var codebook = new CodebookStatistics(model.Quantizer.CodebookSize);
        var samples = new List<(Tensor Input, Tensor Output)>();
        var videos = model.Config.IsVideo ? set.Videos : [];
        var video = Measure(model, set, videos, batch, device, codebook, samples, sampleCount);
        var imageSamples = new List<(Tensor Input, Tensor Output)>();
        var image = Measure(model, set, set.Images, batch, device, codebook, imageSamples, sampleCount);
        if (imageSamples.Count > 0)
        {
            // The images form one more strip row pair: input images side by side above their reconstructions.
            samples.Add((cat(imageSamples.Select(s => s.Input).ToArray(), 0), cat(imageSamples.Select(s => s.Output).ToArray(), 0)));
        }

        foreach (var (input, output) in samples)
        {
            input.MoveToOuterDisposeScope();
            output.MoveToOuterDisposeScope();
        }

        var metrics = new ValidationMetrics(
            step, phase == TrainingPhase.Image ? "image" : "main",
            videos.Count, video?.Psnr, video?.Ssim,
            set.Images.Count, image?.Psnr, image?.Ssim,
            codebook.Tokens, codebook.DistinctCodes, codebook.Usage, codebook.Perplexity);
        return (metrics, samples);
    }

    private static (double Psnr, double Ssim)? Measure(
        MagvitTokenizer model, ValidationSet set, IReadOnlyList<ClipDraw> draws, int batch, Device device,
        CodebookStatistics codebook, List<(Tensor Input, Tensor Output)> samples, int sampleCount)
    {
        if (draws.Count == 0)
        {
            return null;
        }

        double squares = 0, ssimSum = 0;
        long values = 0, ssimCount = 0;
        foreach (var cpu in set.Batches(draws, batch))
        {
            using var scope = NewDisposeScope();
            var x = cpu.to(device);                                   // (B, T, 3, S, S)
            var (ids, reconstruction) = Reconstruct(model, x);
            codebook.Add(ids);
            var (b, t) = (x.shape[0], x.shape[1]);
            var reference = ImageQuality.ToBytes(x).reshape(b * t, 3, x.shape[3], x.shape[4]);
            var decoded = ImageQuality.ToBytes(reconstruction).reshape(b * t, 3, x.shape[3], x.shape[4]);
            var (sum, count) = ImageQuality.SquaredError(reference, decoded);
            (squares, values) = (squares + sum, values + count);
            var (ssim, cells) = ImageQuality.Ssim(reference, decoded);
            (ssimSum, ssimCount) = (ssimSum + ssim, ssimCount + cells);
            for (var i = 0; i < b && samples.Count < sampleCount; i++)
            {
                var clip = (reference.narrow(0, i * t, t).cpu(), decoded.narrow(0, i * t, t).cpu());
                clip.Item1.MoveToOuterDisposeScope();
                clip.Item2.MoveToOuterDisposeScope();
                samples.Add(clip);
            }
        }

        return (ImageQuality.Psnr(squares / values), ssimSum / ssimCount);
    }

    /// <summary>(B, T, 3, S, S) pixels → token ids and the decoded pixels in the same layout.</summary>
    private static (Tensor Ids, Tensor Reconstruction) Reconstruct(MagvitTokenizer model, Tensor x)
    {
        if (!model.Config.IsVideo)
        {
            var z = model.EncodeLatent(x.squeeze(1));
            return (model.Indices(z), model.Decode(model.Quantize(z)).unsqueeze(1));
        }

        var latent = model.EncodeFrames(x, null);                    // (B, T', z, h, w)
        return (model.Quantizer.Indices(latent, 2), model.DecodeFrames(model.Quantizer.Quantize(latent, 2), null));
    }
}
