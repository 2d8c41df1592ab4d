using Magvit.Cli.Diagnostics;
using Magvit.Model.Numerics;

namespace Magvit.Cli.Commands;

/// <summary>The <c>doctor --json</c> object.</summary>
/// <param name="Passed">Every guarded conv matched float64.</param>
/// <param name="ChannelGuard">Whether the model's convs run with the channel guard (MAGVIT_CONV_CHANNEL_PAD).</param>
/// <param name="Native">The native stack.</param>
/// <param name="Configs">One report per preset.</param>
internal sealed record DoctorReport(bool Passed, bool ChannelGuard, NativeLibraryInfo Native, IReadOnlyList<ConvNumericsReport> Configs);
