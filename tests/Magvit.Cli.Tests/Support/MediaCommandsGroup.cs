namespace Magvit.Cli.Tests.Support;

/// <summary>The media command and demo tests run one at a time: each starts service hosts, and the machine has few cores.</summary>
[CollectionDefinition(Name)]
public sealed class MediaCommandsGroup
{
    public const string Name = "media commands";
}
