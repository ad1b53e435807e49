using ChatBot.Core.Knowledge;

namespace ChatBot.Core.Sources;

/// <summary>What one pass over the sources did; <see cref="RefreshError"/> is set when storing worked but re-indexing did not.</summary>
public sealed record SourceRunReport(IReadOnlyList<SourceFetchResult> Results, IndexReport? Index, string? RefreshError)
{
    public int Added => Results.Sum(r => r.Added);

    public int Updated => Results.Sum(r => r.Updated);

    public int Failed => Results.Count(r => r.Outcome == FetchOutcome.Failed);
}
