using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Magvit.Client.Streams;

/// <summary>The stream machinery's log messages.</summary>
internal static partial class StreamLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "The {Service} stream {StreamId} broke with {Code} ({Detail}); resuming after {Delivered} items (resume {Resume} of {MaxResumes})")]
    public static partial void Resuming(ILogger logger, string service, string streamId, StatusCode code, string detail, long delivered, int resume, int maxResumes);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "The {Service} stream {StreamId} resumed at latent frame {StartLatentFrame}")]
    public static partial void Resumed(ILogger logger, string service, string streamId, long startLatentFrame);
}
