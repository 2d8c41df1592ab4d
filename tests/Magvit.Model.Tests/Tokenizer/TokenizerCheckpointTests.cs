using Magvit.Model.Tests.Fixtures;
using Magvit.Model.Tokenizer;
using Magvit.Model.Weights;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Tokenizer;

public sealed class TokenizerCheckpointTests
{
    [Fact]
    public void SaveThenLoad_CausalModel_RestoresConfigAndOutputs()
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.CausalVideo), seed: 21);
        using var folder = new TempDirectory();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        TokenizerCheckpoint.Save(model, folder.Path);

        using var loaded = TokenizerCheckpoint.Load(folder.Path);

        Assert.Equal(model.Config.Kind, loaded.Config.Kind);
        Assert.Equal(model.Config.ChannelMultipliers, loaded.Config.ChannelMultipliers);
        var x = TestSupport.Pixels([1, 3, 5, 16, 16], seed: 22);
        Assert.Equal(0f, (model.EncodeLatent(x) - loaded.EncodeLatent(x)).abs().max().item<float>());
    }

    [Fact]
    public void Load_ReferenceSafetensorsFile_InfersArchitectureFromShapes()
    {
        var weights = TestSupport.RepoPath("tests", "golden", "open_magvit2_image_z14", "weights.safetensors");

        using var model = TokenizerCheckpoint.Load(weights);

        Assert.Equal(TokenizerKind.Image, model.Config.Kind);
        Assert.Equal(32, model.Config.Channels);
        Assert.Equal([1, 1, 2, 2], model.Config.ChannelMultipliers);
        Assert.Equal(2, model.Config.ResBlocks);
        Assert.Equal(14, model.Config.LatentChannels);
    }

    [Fact]
    public void Load_VideoCheckpoint_TakesTheRequestedVideoKind()
    {
        var weights = TestSupport.RepoPath("tests", "golden", "open_magvit2_video", "weights.safetensors");

        using var model = TokenizerCheckpoint.Load(weights, videoKind: TokenizerKind.CausalVideo);

        Assert.Equal(TokenizerKind.CausalVideo, model.Config.Kind);
        Assert.Equal([2, 2], model.Config.ChannelMultipliers);
    }

    [Fact]
    public void Load_MissingDecoderTensor_ListsTheMissingKey()
    {
        using var folder = new TempDirectory();
        var source = TestSupport.RepoPath("tests", "golden", "open_magvit2_image", "weights.safetensors");
        var state = SafeTensors.Read(source);
        state.Remove("decoder.adaptive.0.beta.bias");
        var file = folder.File("partial.safetensors");
        SafeTensors.Write(file, state);

        var error = Assert.Throws<WeightLoadException>(() => TokenizerCheckpoint.Load(file));

        Assert.Contains("decoder.adaptive.0.beta.bias", error.Message, StringComparison.Ordinal);
    }
}
