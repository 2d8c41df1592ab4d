using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer;
using Magvit.Runtime.Pixels;
using Magvit.Runtime.Sessions;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Runtime.Tests;

/// <summary>Tiny random-weight models, engines over them, deterministic RGB24 frames, and awaits with timeouts.</summary>
internal static class TestSupport
{
    /// <summary>Every await in these tests ends within this.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>8× spatial and two temporal down-samplings (4 frames per latent frame after the first).</summary>
    public static TokenizerConfig Tiny(TokenizerKind kind) => new()
    {
        Kind = kind,
        Channels = 32,
        ChannelMultipliers = [1, 2, 2, 2],
        ResBlocks = 1,
        LatentChannels = 18,
    };

    /// <summary>A random model, the same for the same seed on any thread.</summary>
    public static MagvitTokenizer Model(TokenizerConfig config, int seed)
    {
        TorchRuntime.Initialize();
        manual_seed(seed);
        var model = new MagvitTokenizer(config);
        model.eval();

        // Default norms (weight 1, bias 0) would hide layout mistakes; move them off identity.
        var generator = new Generator((ulong)seed + 1);
        using var noGrad = no_grad();
        foreach (var (_, parameter) in model.named_parameters())
        {
            if (parameter.dim() == 1)
            {
                parameter.add_(randn(parameter.shape, generator: generator) * 0.1);
            }
        }

        return model;
    }

    /// <summary>An engine over a copy of <see cref="Model"/>; the factory runs on the worker thread.</summary>
    public static TokenizerEngine Engine(TokenizerConfig config, int seed, Action<TokenizerEngineOptions>? configure = null)
    {
        var options = new TokenizerEngineOptions { MaxBatchDelay = TimeSpan.FromMilliseconds(20) };
        configure?.Invoke(options);
        return new TokenizerEngine(() => Model(config, seed), options);
    }

    /// <summary><paramref name="frames"/> RGB24 frames of uniform noise, deterministic.</summary>
    public static byte[] Frames(int frames, int height, int width, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[frames * height * width * 3];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// Offline token ids of a clip as one h·w array per latent frame: model.Indices(model.EncodeLatent(x)) on the
    /// whole clip (video models) or on each frame (image models).
    /// </summary>
    public static int[][] OfflineTokens(MagvitTokenizer model, byte[] rgb, int frames, int height, int width)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var pixels = Rgb24.ToPixels([rgb], frames, height, width);                            // (1, T, 3, H, W)
        var ids = model.Config.IsVideo
            ? model.Indices(model.EncodeLatent(MagvitTokenizer.ToReference(pixels)))            // (1, T', h, w)
            : model.Indices(model.EncodeLatent(pixels.squeeze(0)));                             // (T, h, w)
        return TensorRows.Split<int>(ids.to_type(ScalarType.Int32).contiguous(), (int)(ids.shape[^2] * ids.shape[^1]));
    }

    /// <summary>Offline RGB24 frames of token ids (T' latent frames of h·w): model.DecodeIndices, converted back.</summary>
    public static byte[][] OfflineFrames(MagvitTokenizer model, int[] ids, int latentFrames, int latentHeight, int latentWidth)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var indices = tensor(ids.Select(i => (long)i).ToArray(), [1, latentFrames, latentHeight, latentWidth]);
        var frames = model.Config.IsVideo
            ? MagvitTokenizer.ToFrames(model.DecodeIndices(indices))                            // (1, T, 3, H, W)
            : model.DecodeIndices(indices.squeeze(0)).unsqueeze(0);                             // (1, T', 3, H, W)
        var bytes = Rgb24.ToBytes(frames);
        return TensorRows.Split<byte>(bytes, (int)(bytes.shape[2] * bytes.shape[3] * 3));
    }

    /// <summary>Enumerates a push to its end, within <see cref="Timeout"/>.</summary>
    public static async Task<List<T>> All<T>(IAsyncEnumerable<T> frames)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var list = new List<T>();
        await foreach (var frame in frames.WithCancellation(timeout.Token))
        {
            list.Add(frame);
        }

        return list;
    }

    /// <summary>Pushes <paramref name="rgb"/> in <paramref name="chunks"/> (frame counts), then completes.</summary>
    public static async Task<List<TokenFrame>> EncodeInChunks(EncodingSession session, byte[] rgb, IEnumerable<int> chunks, CancellationToken cancellationToken)
    {
        var frameBytes = session.Height * session.Width * 3;
        var tokens = new List<TokenFrame>();
        var start = 0;
        foreach (var count in chunks)
        {
            tokens.AddRange(await All(session.PushAsync(rgb.AsMemory(start * frameBytes, count * frameBytes), cancellationToken)));
            start += count;
        }

        tokens.AddRange(await All(session.CompleteAsync(cancellationToken)));
        return tokens;
    }

    /// <summary>
    /// Holds the engine's first worker between batches until disposed, so that work queues up behind it; returns once
    /// the worker is held.
    /// </summary>
    public static async Task<IDisposable> HoldWorkerAsync(TokenizerEngine engine)
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(engine.Workers[0].Post(() =>
        {
            held.SetResult();
            release.Task.Wait(Timeout);
        }));
        await held.Task.WaitAsync(Timeout);
        return new Releaser(release);
    }

    /// <summary>Waits until <paramref name="count"/> items are queued.</summary>
    public static async Task WaitForQueueAsync(TokenizerEngine engine, int count)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (engine.QueueDepth < count)
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    /// <summary>Waits until the queue is empty (cancelled items are dropped when the worker next looks).</summary>
    public static async Task WaitForEmptyQueueAsync(TokenizerEngine engine)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (engine.QueueDepth > 0)
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    /// <summary>The flattened ids of a list of latent frames.</summary>
    public static int[] Flatten(IEnumerable<int[]> frames) => frames.SelectMany(f => f).ToArray();

    private sealed class Releaser(TaskCompletionSource release) : IDisposable
    {
        public void Dispose() => release.TrySetResult();
    }
}
