using System.Globalization;
using System.Text.Json;

namespace Magvit.Polyglot.Tests;

/// <summary>
/// The Python and Node.js clients against the live services: the same clip and the same generation request give
/// exactly the C# client's tokens and frames.
/// </summary>
[Collection(PolyglotServices.Name)]
public sealed class ClientParityTests(PolyglotFixture services)
{
    [Theory]
    [InlineData(ClientExample.Python, "packed")]
    [InlineData(ClientExample.Python, "uint32")]
    [InlineData(ClientExample.Node, "packed")]
    [InlineData(ClientExample.Node, "uint32")]
    public async Task Reconstruct_SameClip_TokensAndFramesEqualCSharpClient(string language, string encoding)
    {
        var clip = services.Clip;
        var output = services.ScratchFile($"{language}-{encoding}.rgb");

        using var result = await ClientExample.RunAsync(
            language,
            "reconstruct",
            "--tokenizer", services.Tokenizer.Target,
            "--detokenizer", services.Detokenizer.Target,
            "--input", services.ClipFile,
            "--width", clip.Width.ToString(CultureInfo.InvariantCulture),
            "--height", clip.Height.ToString(CultureInfo.InvariantCulture),
            "--output", output,
            "--encoding", encoding,
            "--timeout", "60");

        Assert.Equal(services.Tokens.LatentFrames, ClientExample.Tokens(result));
        Assert.Equal(services.Tokens.Header.Model.WeightsSha256, ClientExample.HeaderField(result, "weights_sha256").GetString());
        Assert.Equal(services.Tokens.Header.CodebookBits, ClientExample.HeaderField(result, "codebook_bits").GetUInt32());
        Assert.Equal(clip.Frames, result.RootElement.GetProperty("reconstructed_frames").GetInt32());
        Assert.Equal(JsonValueKind.Number, result.RootElement.GetProperty("psnr_db").ValueKind);
        AssertSameBytes(services.Frames, await File.ReadAllBytesAsync(output).WaitAsync(ServiceHost.Timeout), clip.FrameBytes);
    }

    [Theory]
    [InlineData(ClientExample.Python)]
    [InlineData(ClientExample.Node)]
    public async Task Generate_FixedSeedAndClass_TokensEqualCSharpClient(string language)
    {
        using var result = await ClientExample.RunAsync(
            language,
            "generate",
            "--generator", services.Generator.Target,
            "--latent-frames", PolyglotFixture.GeneratedLatentFrames.ToString(CultureInfo.InvariantCulture),
            "--seed", PolyglotFixture.Seed.ToString(CultureInfo.InvariantCulture),
            "--class-id", PolyglotFixture.ClassId.ToString(CultureInfo.InvariantCulture),
            "--timeout", "60");

        Assert.Equal((int)PolyglotFixture.GeneratedLatentFrames, services.Generated.LatentFrames.Length);
        Assert.Equal(services.Generated.LatentFrames, ClientExample.Tokens(result));
        Assert.Equal(services.Generated.Header.CodebookBits, ClientExample.HeaderField(result, "codebook_bits").GetUInt32());
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual, int frameBytes)
    {
        Assert.True(expected.Length == actual.Length, $"{actual.Length} bytes of frames; the C# client got {expected.Length}.");
        var first = expected.AsSpan().CommonPrefixLength(actual);
        Assert.True(first == expected.Length, $"The frames differ from the C# client's first at byte {first} (in frame {first / frameBytes}).");
    }
}
