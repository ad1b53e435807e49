using ChatBot.Core.Corpus;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// The loaded corpus and its index. The host builds or refreshes it once at start-up; readiness
/// probes and footers read its state.
/// </summary>
public interface IKnowledgeBase
{
    bool IsReady { get; }

    /// <summary>Completes when the index is loaded; faults when loading failed.</summary>
    Task WhenReady { get; }

    /// <summary>Documents currently indexed, newest first.</summary>
    IReadOnlyList<DocumentInfo> Documents { get; }

    /// <summary>All passages of one document in order, or empty when the id is unknown.</summary>
    IReadOnlyList<Passage> PassagesOf(string documentId);

    /// <summary>Builds or incrementally refreshes the index from the corpus folder.</summary>
    Task<IndexReport> RefreshAsync(bool rebuild, IProgress<IndexProgress>? progress, CancellationToken cancellationToken);

    /// <summary>Picks up what another process (e.g. the `index` command) committed to the same index since the last load.</summary>
    Task CatchUpAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed record IndexProgress(int Done, int Total, string? CurrentFile);

public sealed record SkippedFile(string Path, string Reason);

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
