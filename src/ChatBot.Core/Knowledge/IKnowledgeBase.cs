using ChatBot.Core.Corpus;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// The loaded corpus and its index. The worker builds or refreshes it at start-up and again every
/// <see cref="IndexOptions.RefreshInterval"/>; readiness probes and footers read its state.
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
