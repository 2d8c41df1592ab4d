using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Magvit.Contracts.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Magvit.Client.Tests.Support;

/// <summary>
/// A tokenizer host on loopback whose GetModelInfo answers follow a script: each call takes the next step (a status,
/// after a delay, with a RetryInfo or BadRequest detail like the real services send), then calls succeed. It counts the
/// calls that reached it, which is what retries and an open circuit change.
/// </summary>
internal sealed class ScriptedTokenizer : IAsyncDisposable
{
    private readonly WebApplication app;

    private ScriptedTokenizer(WebApplication app, int port, Script script) => (this.app, Address, Steps) = (app, $"http://127.0.0.1:{port}", script);

    public string Address { get; }

    public Script Steps { get; }

    public static async Task<ScriptedTokenizer> StartAsync()
    {
        var port = FreePort();
        var script = new Script();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(script);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, o => o.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.MapGrpcService<Service>();
        await app.StartAsync().Within();
        return new ScriptedTokenizer(app, port, script);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().Within();
        await app.DisposeAsync().AsTask().Within();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>One scripted answer.</summary>
    public sealed record Step(StatusCode Code, TimeSpan Delay = default, TimeSpan? RetryAfter = null);

    /// <summary>The answers to come and the calls so far.</summary>
    public sealed class Script
    {
        private readonly ConcurrentQueue<Step> steps = new();
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public void Then(Step first, params Step[] more)
        {
            foreach (var step in more.Prepend(first))
            {
                steps.Enqueue(step);
            }
        }

        public void Repeat(Step step, int times)
        {
            for (var i = 0; i < times; i++)
            {
                steps.Enqueue(step);
            }
        }

        internal Step? Next()
        {
            Interlocked.Increment(ref calls);
            return steps.TryDequeue(out var step) ? step : null;
        }
    }

    private sealed class Service(Script script) : TokenizerService.TokenizerServiceBase
    {
        public override async Task<TokenizerServiceGetModelInfoResponse> GetModelInfo(TokenizerServiceGetModelInfoRequest request, ServerCallContext context)
        {
            if (script.Next() is { } step)
            {
                if (step.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(step.Delay, context.CancellationToken);
                }

                if (step.Code != StatusCode.OK)
                {
                    var status = new Google.Rpc.Status { Code = (int)step.Code, Message = $"scripted {step.Code}" };
                    if (step.RetryAfter is { } after)
                    {
                        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(after) }));
                    }

                    if (step.Code == StatusCode.InvalidArgument)
                    {
                        status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = "scripted.field", Description = "is wrong" } } }));
                    }

                    throw status.ToRpcException();
                }
            }

            return new TokenizerServiceGetModelInfoResponse
            {
                Model = new ModelInfo
                {
                    Identity = new Magvit.Contracts.V1.ModelIdentity { ModelId = "scripted" },
                    CodebookBits = 6,
                    Geometry = new TokenizerGeometry { SpatialFactor = 8, TemporalFactor = 4, FrameRule = FrameRule.Causal },
                },
            };
        }
    }
}
