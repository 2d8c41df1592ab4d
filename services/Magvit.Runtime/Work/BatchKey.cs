namespace Magvit.Runtime.Work;

/// <summary>
/// Items with equal keys stack along the batch dimension into one forward. <paramref name="Frames"/> is the input
/// frames per row (encode: pixel frames, decode: latent frames); height and width are the input's (pixels when
/// encoding, the token grid when decoding). <paramref name="StartsStream"/> separates a causal stream's first unit
/// — whose convs pad with zeros and whose decoder drops no frame — from later units; windows and images always start.
/// </summary>
internal readonly record struct BatchKey(WorkKind Kind, int Frames, int Height, int Width, bool StartsStream);
