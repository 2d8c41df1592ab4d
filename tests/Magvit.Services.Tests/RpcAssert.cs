using Google.Rpc;
using Grpc.Core;

namespace Magvit.Services.Tests;

/// <summary>Asserts the status a call ends with and, for INVALID_ARGUMENT, the google.rpc.BadRequest field violations.</summary>
internal static class RpcAssert
{
    /// <summary>Awaits <paramref name="call"/> (within the timeout) and asserts it fails with <paramref name="code"/>.</summary>
    public static async Task<RpcException> StatusAsync(StatusCode code, Func<Task> call)
    {
        var exception = await Assert.ThrowsAsync<RpcException>(() => call().WaitAsync(ServiceHost.Timeout));
        Assert.True(exception.StatusCode == code, $"Expected {code}, got {exception.Status}.");
        if (code is not (StatusCode.Cancelled or StatusCode.DeadlineExceeded))
        {
            // Statuses the server chose say why; the client makes up its own for cancellations and deadlines.
            Assert.False(string.IsNullOrWhiteSpace(exception.Status.Detail), "The status carries no message.");
        }

        return exception;
    }

    /// <summary>
    /// Asserts that <paramref name="call"/> ended because its deadline passed: DEADLINE_EXCEEDED, or CANCELLED when
    /// the server's deadline timer reset the HTTP/2 stream before the client's own timer fired (a race in which both
    /// sides are right), and in either case not before <paramref name="deadline"/>.
    /// </summary>
    public static async Task DeadlineAsync(DateTime deadline, Func<Task> call)
    {
        var exception = await Assert.ThrowsAsync<RpcException>(() => call().WaitAsync(ServiceHost.Timeout));
        Assert.True(exception.StatusCode is StatusCode.DeadlineExceeded or StatusCode.Cancelled, $"Expected DeadlineExceeded, got {exception.Status}.");
        Assert.True(DateTime.UtcNow >= deadline, $"The call ended with {exception.StatusCode} before its deadline.");
    }

    /// <summary>
    /// Asserts that <paramref name="call"/> fails with INVALID_ARGUMENT and a BadRequest detail that has a described
    /// violation of every field in <paramref name="fields"/>; returns the violations.
    /// </summary>
    public static async Task<IReadOnlyList<BadRequest.Types.FieldViolation>> InvalidArgumentAsync(Func<Task> call, params string[] fields)
    {
        var exception = await StatusAsync(StatusCode.InvalidArgument, call);
        var badRequest = exception.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.True(badRequest is not null, $"No google.rpc.BadRequest in {exception.Status}.");
        var violations = badRequest.FieldViolations;
        foreach (var field in fields)
        {
            var violation = violations.FirstOrDefault(v => v.Field == field);
            Assert.True(violation is not null, $"No violation of '{field}' in [{string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}"))}].");
            Assert.False(string.IsNullOrWhiteSpace(violation.Description), $"The violation of '{field}' is not described.");
        }

        return violations;
    }
}
