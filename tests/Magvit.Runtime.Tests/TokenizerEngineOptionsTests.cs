namespace Magvit.Runtime.Tests;

public sealed class TokenizerEngineOptionsTests
{
    public static TheoryData<Action<TokenizerEngineOptions>, string> Invalid => new()
    {
        { o => o.Threads = -1, nameof(TokenizerEngineOptions.Threads) },
        { o => o.Replicas = 0, nameof(TokenizerEngineOptions.Replicas) },
        { o => o.MaxBatchSize = 0, nameof(TokenizerEngineOptions.MaxBatchSize) },
        { o => o.MaxBatchDelay = TimeSpan.FromMilliseconds(-1), nameof(TokenizerEngineOptions.MaxBatchDelay) },
        { o => o.MaxQueue = 0, nameof(TokenizerEngineOptions.MaxQueue) },
        { o => o.WindowFrames = 0, nameof(TokenizerEngineOptions.WindowFrames) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidOption_ThrowsNamingIt(Action<TokenizerEngineOptions> change, string name)
    {
        var options = new TokenizerEngineOptions();
        change(options);

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void Validate_Defaults_Pass() => new TokenizerEngineOptions().Validate();
}
