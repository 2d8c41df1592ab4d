using Magvit.Runtime.Generation;

namespace Magvit.Runtime.Tests.Generation;

public sealed class GeneratorEngineOptionsTests
{
    [Theory]
    [InlineData(-1, 1, 1, "Threads")]
    [InlineData(0, 0, 1, "Replicas")]
    [InlineData(0, 1, 0, "MaxQueue")]
    public void Validate_OutOfRange_NamesTheOption(int threads, int replicas, int maxQueue, string name)
    {
        var options = new GeneratorEngineOptions { Threads = threads, Replicas = replicas, MaxQueue = maxQueue };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(name, error.ParamName);
    }
}
