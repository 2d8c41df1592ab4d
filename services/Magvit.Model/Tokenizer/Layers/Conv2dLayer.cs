using Magvit.Model.Numerics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer.Layers;

/// <summary>A square 2-D convolution whose parameters sit directly under its name, as nn.Conv2d's do.</summary>
public sealed class Conv2dLayer : FrameModule
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly long stride;
    private readonly long padding;

    /// <summary>Kernel <paramref name="kernel"/>, zero padding kernel/2, PyTorch's default initialisation.</summary>
    public Conv2dLayer(long inChannels, long outChannels, long kernel, long stride = 1, bool hasBias = true)
        : base(nameof(Conv2dLayer))
    {
        using var template = nn.Conv2d(inChannels, outChannels, kernel, bias: hasBias);
        weight = new Parameter(template.weight!.detach().clone());
        bias = hasBias ? new Parameter(template.bias!.detach().clone()) : null;
        this.stride = stride;
        padding = kernel / 2;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor Apply(Tensor input, StreamState? stream) // (B, C, H, W), channels-last in and out
    {
        var y = SafeConvolution.Conv2d(ChannelsLast.Images(input), weight, bias, stride, padding);
        ConvRecorder.RecordLayer((double)y.numel() * weight.shape[1] * weight.shape[2] * weight.shape[3]);
        return y;
    }
}
