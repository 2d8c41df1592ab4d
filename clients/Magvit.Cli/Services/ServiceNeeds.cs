namespace Magvit.Cli.Services;

/// <summary>The services a command calls.</summary>
[Flags]
internal enum ServiceNeeds
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>Frames → tokens.</summary>
    Tokenizer = 1,

    /// <summary>Tokens → frames.</summary>
    Detokenizer = 2,

    /// <summary>Condition → tokens.</summary>
    Generator = 4,
}
