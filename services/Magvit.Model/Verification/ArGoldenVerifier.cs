using System.Globalization;
using System.Text.Json;
using Magvit.Model.Generation;
using Magvit.Model.Generation.Autoregressive;
using Magvit.Model.IO;
using Magvit.Model.Weights;
using static TorchSharp.torch;

namespace Magvit.Model.Verification;

/// <summary>
/// Re-runs an Open-MAGVIT2 autoregressive golden folder: the rotary table, teacher-forced logits of both heads for the
/// class and the null labels, the block activations of the conditional run, and greedy generation without guidance and
/// with the manifest's scale — tokens (which must be identical), the contexts and per-step logits the sampler saw, and
/// the same tokens again without the KV cache. Float arrays must be within 1e-4; every manifest array is checked or
/// reported as unchecked.
/// </summary>
internal static class ArGoldenVerifier
{
    public const double FloatTolerance = 1e-4;

    /// <summary>An AR manifest names the sub-token split in its config (tokenizer manifests have a ddconfig instead).</summary>
    public static bool Recognizes(GoldenManifest manifest)
        => manifest.Root.TryGetProperty("config", out var config) && config.TryGetProperty("factorized_bits", out _);

    public static GoldenReport Verify(GoldenManifest manifest)
    {
        var checks = new List<GoldenCheck>();
        var problems = new List<string>();
        AutoregressiveConfig? config;
        try
        {
            config = ReadConfig(manifest.Root.GetProperty("config"), problems);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            problems.Add($"the manifest's AR config is incomplete: {e.Message}");
            config = null;
        }

        if (config is null)
        {
            return new GoldenReport(manifest.Directory, manifest.Model, checks, problems);
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        using var model = BuildModel(manifest, config);
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        Tensor? Load(string name)
        {
            if (!manifest.Arrays.ContainsKey(name))
            {
                problems.Add($"array '{name}' is missing from the manifest");
                return null;
            }

            used.Add(name);
            return NpyArray.Read(manifest.ArrayPath(name));
        }

        if (manifest.Arrays.ContainsKey("freqs_cis"))
        {
            checks.Add(FloatCheck("freqs_cis", model.Rotary.Table, Load("freqs_cis")!));
        }

        var (pre, post, full) = (Load("tokens_pre"), Load("tokens_post"), Load("tokens_full"));
        if (pre is null || post is null || full is null)
        {
            return new GoldenReport(manifest.Directory, manifest.Model, checks, problems);
        }

        checks.Add(IdCheck($"tokens_full = pre + {1 << config.FactorizedBits[0]}·post", config.Factorization().Join([pre, post]), full));
        foreach (var (label, labelsName) in new[] { ("cond", "class_labels"), ("null", "null_labels") })
        {
            var labels = Load(labelsName);
            if (labels is not null)
            {
                checks.AddRange(CheckTeacherForced(manifest, model, label, labels, [pre, post], Load, used));
            }
        }

        checks.AddRange(CheckScore(manifest, model, pre, post, Load("class_labels")));
        foreach (var run in manifest.Arrays.Keys.Where(k => k.StartsWith("gen_", StringComparison.Ordinal) && k.EndsWith("_full", StringComparison.Ordinal)).ToArray())
        {
            var labels = Load("class_labels");
            if (labels is not null)
            {
                checks.AddRange(CheckGeneration(model, run["gen_".Length..^"_full".Length], labels, Load));
            }
        }

        problems.AddRange(manifest.Arrays.Keys.Except(used).Select(name => $"array '{name}' is not checked by this verifier"));
        return new GoldenReport(manifest.Directory, manifest.Model, checks, problems);
    }

    private static List<GoldenCheck> CheckTeacherForced(
        GoldenManifest manifest, AutoregressiveTransformer model, string label, Tensor labels, Tensor[] parts, Func<string, Tensor?> load, HashSet<string> used)
    {
        var activations = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var logits = model.Forward(labels, parts, observe: label == "cond" ? (name, t) => activations[name] = t.clone().DetachFromDisposeScope() : null);
        var checks = new List<GoldenCheck>();
        foreach (var (part, name) in new[] { (0, "pre"), (1, "post") })
        {
            var expected = load($"tf_logits_{name}_{label}");
            if (expected is not null)
            {
                checks.Add(FloatCheck($"tf_logits_{name}_{label}", logits[part], expected));
            }
        }

        // tf_act_spatial_blocks_0_in ↔ "spatial_blocks.0.in"; the intra stack's rows are (B·N, K, D) in both.
        foreach (var array in manifest.Arrays.Keys.Where(k => label == "cond" && k.StartsWith("tf_act_", StringComparison.Ordinal)))
        {
            var name = array["tf_act_".Length..];
            var cut = name.LastIndexOf('_');
            var key = name[..cut].Replace("_blocks_", "_blocks.", StringComparison.Ordinal) + "." + name[(cut + 1)..];
            if (activations.TryGetValue(key, out var actual))
            {
                used.Add(array);
                var expected = NpyArray.Read(manifest.ArrayPath(array));
                checks.Add(FloatCheck(array, actual.numel() == expected.numel() ? actual.reshape(expected.shape) : actual, expected));
            }
        }

        foreach (var activation in activations.Values)
        {
            activation.Dispose();
        }

        return checks;
    }

    /// <summary>The public Score path: the mean negative log-likelihood must be the manifest's teacher-forced loss.</summary>
    private static IEnumerable<GoldenCheck> CheckScore(GoldenManifest manifest, AutoregressiveTransformer model, Tensor pre, Tensor post, Tensor? labels)
    {
        if (labels is null || !manifest.Root.TryGetProperty("checks", out var facts) || !facts.TryGetProperty("losses_teacher_forced_cond", out var losses))
        {
            yield break;
        }

        using var generator = new AutoregressiveGenerator(model, ownsModel: false);
        var full = model.Config.Factorization().Join([pre, post]);
        var grid = new TokenGrid(1, model.Config.GridHeight, model.Config.GridWidth);
        var nll = 0.0;
        for (var b = 0; b < labels.shape[0]; b++)
        {
            var scores = generator.Score(grid, (int)labels[b].item<long>(), full[b].data<long>().ToArray(), CancellationToken.None);
            nll -= scores.Sum(s => (double)s);
        }

        var loss = nll / full.numel();
        var expected = losses.GetProperty("total").GetDouble();
        yield return new GoldenCheck("Score: mean −log p = teacher-forced loss", Math.Abs(loss - expected), FloatTolerance,
            string.Create(CultureInfo.InvariantCulture, $"{loss:F6} vs {expected:F6}"));
    }

    private static List<GoldenCheck> CheckGeneration(AutoregressiveTransformer model, string run, Tensor labels, Func<string, Tensor?> load)
    {
        var scale = run == "nocfg" ? 1.0 : double.Parse(run.TrimStart('c', 'f', 'g'), CultureInfo.InvariantCulture);
        var sampling = new SamplingOptions { Greedy = true, GuidanceScale = scale };
        var grid = new TokenGrid(1, model.Config.GridHeight, model.Config.GridWidth);
        var prompt = zeros([labels.shape[0], 0], ScalarType.Int64);
        var recorder = new ArStepRecorder();
        var tokens = AutoregressiveDecoder.Decode(
            model, grid, labels, prompt, sampling, sampling.UsesGuidance, useKvCache: true, null, null, recorder.Record, CancellationToken.None);
        var uncached = AutoregressiveDecoder.Decode(
            model, grid, labels, prompt, sampling, sampling.UsesGuidance, useKvCache: false, null, null, null, CancellationToken.None);
        var parts = model.Config.Factorization().Split(tokens);
        var checks = new List<GoldenCheck>();
        void Compare(string name, Func<Tensor> actual, bool ids)
        {
            var expected = load($"gen_{run}_{name}");
            if (expected is not null)
            {
                checks.Add(ids ? IdCheck($"gen_{run}_{name}", actual(), expected) : FloatCheck($"gen_{run}_{name}", actual(), expected));
            }
        }

        Compare("pre", () => parts[0], ids: true);
        Compare("post", () => parts[1], ids: true);
        Compare("full", () => tokens, ids: true);
        checks.Add(IdCheck($"gen_{run}_full without KV cache", uncached, tokens));
        Compare("step_ctx", recorder.Contexts, ids: false);
        Compare("step_logits_pre", () => recorder.Logits(0), ids: false);
        Compare("step_logits_post", () => recorder.Logits(1), ids: false);
        if (sampling.UsesGuidance)
        {
            Compare("step_logits_pre_raw", () => recorder.RawLogits(0), ids: false);
            Compare("step_logits_post_raw", () => recorder.RawLogits(1), ids: false);
        }

        return checks;
    }

    private static AutoregressiveConfig? ReadConfig(JsonElement config, List<string> problems)
    {
        int Int(string name) => config.GetProperty(name).GetInt32();
        bool IsNull(string name) => !config.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null;
        if (!IsNull("ffn_dim_multiplier") || (!IsNull("n_kv_head") && Int("n_kv_head") != Int("n_head"))
            || (config.TryGetProperty("cls_token_num", out var cls) && cls.GetInt32() != 1))
        {
            problems.Add("unsupported AR config: ffn_dim_multiplier, grouped KV heads or cls_token_num ≠ 1");
            return null;
        }

        var side = (int)Math.Round(Math.Sqrt(Int("block_size")));
        return new AutoregressiveConfig
        {
            Dim = Int("dim"),
            Heads = Int("n_head"),
            SpatialLayers = Int("spatial_n_layer"),
            FactorizedLayers = Int("factorized_n_layer"),
            FfnMultipleOf = Int("multiple_of"),
            ClassCount = Int("class_num"),
            FactorizedBits = [.. config.GetProperty("factorized_bits").EnumerateArray().Select(e => e.GetInt32())],
            GridHeight = side,
            GridWidth = side,
            RopeBase = config.GetProperty("rope_base").GetDouble(),
            NormEps = config.GetProperty("norm_eps").GetDouble(),
        };
    }

    private static AutoregressiveTransformer BuildModel(GoldenManifest manifest, AutoregressiveConfig config)
    {
        var weights = Path.Combine(manifest.Directory, "weights.safetensors");
        if (!File.Exists(weights))
        {
            weights = Path.Combine(manifest.Directory, "weights.pt");
        }

        var model = new AutoregressiveTransformer(config);
        StateDictLoader.LoadStrict(model, AutoregressiveCheckpoint.TransformerOnly(CheckpointReader.ReadStateDict(weights)));
        model.eval();
        return model;
    }

    private static GoldenCheck FloatCheck(string name, Tensor actual, Tensor expected)
    {
        if (!actual.shape.SequenceEqual(expected.shape))
        {
            return new GoldenCheck(name, double.PositiveInfinity, FloatTolerance, $"shape ({string.Join(",", actual.shape)}) vs ({string.Join(",", expected.shape)})");
        }

        var difference = (actual.to(float64) - expected.to(float64)).abs().max().item<double>();
        return new GoldenCheck(name, difference, FloatTolerance, difference == 0 ? "bit-identical" : string.Empty);
    }

    private static GoldenCheck IdCheck(string name, Tensor actual, Tensor expected)
    {
        if (!actual.shape.SequenceEqual(expected.shape))
        {
            return new GoldenCheck(name, double.PositiveInfinity, 0, "shape mismatch");
        }

        var differ = actual.ne(expected).sum().item<long>();
        return new GoldenCheck(name, differ, 0, $"{actual.numel() - differ}/{actual.numel()} identical");
    }
}
