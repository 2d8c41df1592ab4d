using Grpc.Core;
using Magvit.Contracts.V1;

namespace Magvit.Services.Tests;

/// <summary>Cancellation, concurrency and overload of Generate streams.</summary>
[Collection(GeneratorServices.Name)]
public sealed class GeneratorLifecycleTests(GeneratorFixture generators)
{
    [Fact]
    public async Task Generate_CancelledAfterFirstChunk_StopsTheModelAndFreesItsTensors()
    {
        var before = generators.Autoregressive.Generator.Engine.Statistics;
        using var cancel = new CancellationTokenSource();
        var request = GeneratorServiceTests.Request(frames: generators.AutoregressiveInfo.MaxLatentFrames, seed: 1);
        request.StreamRows = true;
        using var call = generators.AutoregressiveClient.Generate(request, cancellationToken: cancel.Token);

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(ServiceHost.Timeout)); // header
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(ServiceHost.Timeout)); // first row
        await cancel.CancelAsync();

        await RpcAssert.StatusAsync(StatusCode.Cancelled, async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });
        var after = await generators.Autoregressive.WaitForGeneratorIdleAsync();
        Assert.Equal(before.Cancelled + 1, after.Cancelled);
        Assert.Equal(before.Completed, after.Completed);
        await generators.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Generate_DeadlineTooShort_DeadlineExceededAndIdle()
    {
        var request = GeneratorServiceTests.Request(frames: generators.AutoregressiveInfo.MaxLatentFrames, seed: 1);
        var deadline = DateTime.UtcNow.AddMilliseconds(30);

        await RpcAssert.DeadlineAsync(deadline, async () =>
        {
            using var call = generators.AutoregressiveClient.Generate(request, deadline: deadline);
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });

        await generators.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Generate_FourConcurrentRequests_EachEqualsItsSequentialRun()
    {
        var requests = Enumerable.Range(0, 4).Select(i => GeneratorServiceTests.Request(frames: 1, seed: (ulong)(100 + i))).ToArray();
        var sequential = new List<uint[]>();
        foreach (var request in requests)
        {
            sequential.Add((await GenerateCall.RunAsync(generators.AutoregressiveClient, request)).Tokens);
        }

        // MaxQueue is 2 and there is one replica: at most three run or wait at once, so retry the refused ones.
        var concurrent = await Task.WhenAll(requests.Select(async request =>
        {
            while (true)
            {
                try
                {
                    return (await GenerateCall.RunAsync(generators.AutoregressiveClient, request)).Tokens;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    await Task.Delay(20);
                }
            }
        }));

        Assert.Equal(sequential, concurrent);
        await generators.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Generate_MoreRequestsThanTheQueueHolds_ResourceExhaustedForTheExcess()
    {
        // One replica runs one job and the queue holds two more: of six long requests at least three are refused at once.
        var request = GeneratorServiceTests.Request(frames: generators.AutoregressiveInfo.MaxLatentFrames, seed: 2);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            try
            {
                await GenerateCall.RunAsync(generators.AutoregressiveClient, request);
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }));

        Assert.True(outcomes.Any(c => c == StatusCode.ResourceExhausted), string.Join(", ", outcomes));
        Assert.True(outcomes.Any(c => c == StatusCode.OK), string.Join(", ", outcomes));
        Assert.All(outcomes, c => Assert.True(c is StatusCode.OK or StatusCode.ResourceExhausted, c.ToString()));
        await generators.AssertServingAndIdleAsync();
    }
}
