namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>The gRPC measurements of both generator kinds.</summary>
/// <param name="Transport">How the gRPC path ran.</param>
/// <param name="Autoregressive">The autoregressive hosts.</param>
/// <param name="Masked">The masked hosts.</param>
internal sealed record GrpcResult(string Transport, GrpcKindResult Autoregressive, GrpcKindResult Masked);
