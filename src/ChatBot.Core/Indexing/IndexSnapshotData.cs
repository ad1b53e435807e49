using ChatBot.Core.Corpus;

namespace ChatBot.Core.Indexing;

/// <summary>Everything read back from a committed index.</summary>
internal sealed record IndexSnapshotData(
    IReadOnlyList<DocumentInfo> Documents,
    IReadOnlyDictionary<string, string> CleanTexts,
    IReadOnlyList<Passage> Passages)
{
    /// <summary>The commit it was read from (-1 when it was not read from disk).</summary>
    public long Generation { get; init; } = -1;
}
