using ChatBot.Core.Corpus;

namespace ChatBot.Core.Knowledge;

/// <summary>What a refresh did; the change lists feed the corpus change log behind digests.</summary>
public sealed record IndexReport(
    int Documents,
    int Passages,
    IReadOnlyList<SkippedFile> Skipped,
    IReadOnlyList<DocumentInfo> Added,
    IReadOnlyList<DocumentInfo> Changed,
    IReadOnlyList<string> Removed,
    bool Reindexed,
    TimeSpan Elapsed);
