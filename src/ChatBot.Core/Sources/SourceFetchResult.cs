using ChatBot.Core.Sources.Fetching;

namespace ChatBot.Core.Sources;

/// <summary>What one fetch of one source did.</summary>
public sealed record SourceFetchResult(
    string SourceId,
    FetchOutcome Outcome,
    string Reason,
    FetchFailureKind? Failure,
    int Added,
    int Updated,
    int Unchanged,
    int ItemFailures)
{
    public bool StoredSomething => Added + Updated > 0;
}
