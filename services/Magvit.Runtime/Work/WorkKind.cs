namespace Magvit.Runtime.Work;

/// <summary>Which direction a work item runs the tokenizer.</summary>
internal enum WorkKind
{
    /// <summary>RGB24 frames → token ids.</summary>
    Encode,

    /// <summary>Token ids → RGB24 frames.</summary>
    Decode,
}
