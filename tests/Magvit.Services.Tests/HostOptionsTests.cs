using Magvit.Tokenizer;
using Microsoft.Extensions.Options;

namespace Magvit.Services.Tests;

/// <summary>A host with options no service could run with does not start, and says which setting is wrong.</summary>
public sealed class HostOptionsTests
{
    [Theory]
    [InlineData("--Magvit:MaxBatchSize=0", "Magvit:MaxBatchSize")]
    [InlineData("--Magvit:MaxStreams=0", "Magvit:MaxStreams")]
    [InlineData("--Magvit:MaxQueue=0", "Magvit:MaxQueue")]
    [InlineData("--Magvit:MaxWidth=0", "Magvit:MaxWidth")]
    [InlineData("--Magvit:MaxReceiveMessageBytes=65536", "Magvit:MaxReceiveMessageBytes")]
    [InlineData("--Magvit:Device=tpu", "Magvit:Device")]
    [InlineData("--Magvit:BindAddress=localhost", "Magvit:BindAddress")]
    [InlineData("--Magvit:GrpcPort=70000", "Magvit:GrpcPort")]
    [InlineData("--Magvit:ModelPath=/nonexistent/model", "Magvit:ModelPath")]
    public async Task Start_InvalidSetting_ThrowsOptionsValidationExceptionNamingIt(string setting, string name)
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => ServiceHost.StartAsync(TokenizerApp.Build, setting));

        Assert.Contains(exception.Failures, f => f.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_NeitherModelPathNorPreset_ThrowsOptionsValidationExceptionNamingBoth()
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => ServiceHost.StartAsync(TokenizerApp.Build, "--Magvit:ModelPath="));

        var failure = Assert.Single(exception.Failures);
        Assert.Contains("Magvit:ModelPath", failure, StringComparison.Ordinal);
        Assert.Contains("Magvit:Preset", failure, StringComparison.Ordinal);
    }
}
