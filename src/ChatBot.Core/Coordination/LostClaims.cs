using System.Collections.Concurrent;

namespace ChatBot.Core.Coordination;

/// <summary>
/// Writes this worker tried to make under a claim it no longer held (a digest run, a Teams inbox
/// item, a source fetch) and that the store refused, counted by kind (the caller logs what it
/// was), so a worker that keeps losing claims (paused, partitioned) shows on /metrics.
/// </summary>
public sealed class LostClaims
{
    public const string Digest = "digest";
    public const string TeamsInbox = "teams-inbox";
    public const string SourceFetch = "source-fetch";

    /// <summary>Shown from the first scrape, so an alert sees zeros rather than a missing series.</summary>
    public static readonly IReadOnlyList<string> Kinds = [Digest, TeamsInbox, SourceFetch];

    private readonly ConcurrentDictionary<string, long> _refused = new(Kinds.Select(k => KeyValuePair.Create(k, 0L)), StringComparer.Ordinal);

    public void Refused(string kind) => _refused.AddOrUpdate(kind, 1, (_, n) => n + 1);

    /// <summary>Refused writes so far, by kind.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_refused, StringComparer.Ordinal);
}
