namespace ChatBot.Core.Sources;

/// <summary>What is remembered about one source between fetches.</summary>
/// <param name="ETag">Validator of the last full response, sent back as If-None-Match.</param>
/// <param name="LastModified">Sent back as If-Modified-Since.</param>
/// <param name="FailureStreak">Failed fetches in a row; drives backoff and "logged once per streak".</param>
public sealed record SourceState(
    string SourceId,
    DateTimeOffset? LastFetchAt,
    FetchOutcome? LastOutcome,
    string? LastReason,
    int Items,
    int FailureStreak,
    DateTimeOffset? NextFetchAt,
    string? ETag,
    string? LastModified)
{
    public static SourceState New(string sourceId) => new(sourceId, null, null, null, 0, 0, null, null, null);
}
