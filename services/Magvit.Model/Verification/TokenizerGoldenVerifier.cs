using System.Text.Json;
using Magvit.Model.IO;
using Magvit.Model.Quantization;
using Magvit.Model.Tokenizer;
using Magvit.Model.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Verification;

/// <summary>
/// Re-runs a tokenizer golden folder's call sequence — encoder, quantizer, decoder, decoding from ids, factorised
/// ids — and compares every array. Token ids may differ only where the reference latent is within 1e-4 of zero;
/// float arrays must be within 1e-4. Each input also runs stacked twice along the batch, so batch ≥ 2 is covered.
/// The decoder is checked on the reference's own quantized latent, so an allowed bit flip cannot hide a decoder bug.
/// </summary>
internal static class TokenizerGoldenVerifier
{
    public const double FloatTolerance = 1e-4;
    public const double NearZero = 1e-4;

    public static GoldenReport Verify(GoldenManifest manifest)
    {
        var checks = new List<GoldenCheck>();
        var problems = new List<string>();
        using var model = BuildModel(manifest);
        using var noGrad = no_grad();

        // Image sets name arrays plainly; the video set prefixes a video clip and a batch of 1-frame images.
        var prefixes = manifest.Arrays.Keys.Where(k => k.EndsWith("input", StringComparison.Ordinal))
            .Select(k => k[..^"input".Length]).ToArray();
        if (prefixes.Length == 0)
        {
            problems.Add("manifest lists no *input array");
        }

        var used = new HashSet<string>();
        foreach (var prefix in prefixes)
        {
            using var scope = NewDisposeScope();
            foreach (var repeat in new[] { 1, 2 })
            {
                checks.AddRange(CheckGroup(manifest, model, prefix, repeat, used));
            }
        }

        problems.AddRange(manifest.Arrays.Keys.Except(used).Select(name => $"array '{name}' is not checked by this verifier"));
        return new GoldenReport(manifest.Directory, manifest.Model, checks, problems);
    }

    private static MagvitTokenizer BuildModel(GoldenManifest manifest)
    {
        var dd = manifest.Root.GetProperty("config").GetProperty("ddconfig");
        var isVideo = manifest.Model.Contains("video", StringComparison.OrdinalIgnoreCase);
        var config = new TokenizerConfig
        {
            Kind = isVideo ? TokenizerKind.Video : TokenizerKind.Image,
            Channels = dd.GetProperty("ch").GetInt32(),
            ChannelMultipliers = dd.GetProperty("ch_mult").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            ResBlocks = dd.GetProperty("num_res_blocks").GetInt32(),
            LatentChannels = dd.GetProperty("z_channels").GetInt32(),
            InChannels = Optional(dd, "in_channels", 3),
            OutChannels = Optional(dd, "out_ch", 3),
        };
        var weights = Path.Combine(manifest.Directory, "weights.safetensors");
        if (!File.Exists(weights))
        {
            weights = Path.Combine(manifest.Directory, "weights.pt");
        }

        var model = new MagvitTokenizer(config);
        var state = CheckpointReader.ReadStateDict(weights);
        StateDictLoader.LoadStrict(model, state.Where(kv => !kv.Key.StartsWith("quantize.", StringComparison.Ordinal)).ToDictionary());
        model.eval();
        return model;
    }

    private static IEnumerable<GoldenCheck> CheckGroup(GoldenManifest manifest, MagvitTokenizer model, string prefix, int repeat, HashSet<string> used)
    {
        var suffix = repeat == 1 ? string.Empty : $" (batch ×{repeat})";
        Tensor? Load(string name)
        {
            var key = prefix + name;
            if (!manifest.Arrays.ContainsKey(key))
            {
                return null;
            }

            used.Add(key);
            var array = NpyArray.Read(manifest.ArrayPath(key));
            return repeat == 1 ? array : cat(Enumerable.Repeat(array, repeat).ToArray(), 0);
        }

        var input = Load("input")!;
        var latent = model.EncodeLatent(input);
        var referenceLatent = Load("latent_pre_quant");
        if (referenceLatent is not null)
        {
            yield return FloatCheck(prefix + "latent_pre_quant" + suffix, latent, referenceLatent);
        }

        var referenceIds = Load("indices");
        if (referenceIds is not null && referenceLatent is not null)
        {
            yield return IdCheck(prefix + "indices" + suffix, model.Indices(latent), referenceIds, referenceLatent, model.Config.LatentChannels);
        }

        var referenceQuantized = Load("quantized");
        if (referenceQuantized is not null && referenceLatent is not null)
        {
            // Positions the reference itself put within 1e-4 of zero may flip sign; compare the rest exactly.
            var steady = referenceLatent.abs() >= NearZero;
            yield return FloatCheck(prefix + "quantized" + suffix, model.Quantize(latent) * steady, referenceQuantized * steady);
        }

        var decoderInput = referenceQuantized ?? (referenceIds is null ? null : model.Codes(referenceIds));
        var reconstruction = Load("reconstruction");
        if (reconstruction is not null && decoderInput is not null)
        {
            yield return FloatCheck(prefix + "reconstruction" + suffix, model.Decode(decoderInput), reconstruction);
        }

        var fromIds = Load("quantized_from_indices");
        if (fromIds is not null && referenceIds is not null)
        {
            yield return FloatCheck(prefix + "quantized_from_indices" + suffix, model.Codes(referenceIds), fromIds);
        }

        var reconstructionFromIds = Load("reconstruction_from_indices");
        if (reconstructionFromIds is not null && referenceIds is not null)
        {
            yield return FloatCheck(prefix + "reconstruction_from_indices" + suffix, model.DecodeIndices(referenceIds), reconstructionFromIds);
        }

        var pre = Load("indices_pre_factorized");
        var post = Load("indices_post_factorized");
        var bits = manifest.FactorizedBits();
        if (pre is not null && post is not null && referenceIds is not null && bits is not null)
        {
            var parts = new TokenFactorization(bits).Split(referenceIds);
            var mismatches = (parts[0] != pre).sum().item<long>() + (parts[1] != post).sum().item<long>();
            yield return new GoldenCheck(prefix + $"indices factorised [{string.Join(",", bits)}]" + suffix, mismatches, 0, "sub-token ids that differ");
        }
    }

    private static GoldenCheck FloatCheck(string name, Tensor actual, Tensor expected)
    {
        if (!actual.shape.SequenceEqual(expected.shape))
        {
            return new GoldenCheck(name, double.PositiveInfinity, FloatTolerance, $"shape ({string.Join(",", actual.shape)}) vs ({string.Join(",", expected.shape)})");
        }

        return new GoldenCheck(name, (actual.to(float64) - expected.to(float64)).abs().max().item<double>(), FloatTolerance);
    }

    private static GoldenCheck IdCheck(string name, Tensor ids, Tensor referenceIds, Tensor referenceLatent, int bits)
    {
        if (!ids.shape.SequenceEqual(referenceIds.shape))
        {
            return new GoldenCheck(name, double.PositiveInfinity, 0, "shape mismatch");
        }

        var differing = ids.bitwise_xor(referenceIds);                                    // (B, [T,] h, w)
        var flipped = stack(Enumerable.Range(0, bits).Select(c => differing.bitwise_right_shift(c).bitwise_and(1)).ToArray(), 1) != 0;
        var disallowed = (flipped & (referenceLatent.abs() >= NearZero)).sum().item<long>();
        var differ = (differing != 0).sum().item<long>();
        return new GoldenCheck(name, disallowed, 0, $"{ids.numel() - differ}/{ids.numel()} identical; {differ - disallowed} differ only at |latent| < 1e-4");
    }

    private static int Optional(JsonElement element, string name, int fallback)
        => element.TryGetProperty(name, out var value) ? value.GetInt32() : fallback;
}
