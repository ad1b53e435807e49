namespace ChatBot.Core.Coordination;

/// <summary>
/// Who holds a named lease: until when and since when (both by the store's clock, for messages),
/// and how long it still runs as the store saw it when answering (negative: expired). Workers wait
/// and decide by <see cref="Remaining"/>, a duration, so their own clocks' offsets never matter.
/// </summary>
public sealed record LeaseHolder(string Name, string Holder, DateTimeOffset Until, TimeSpan Remaining)
{
    /// <summary>When the current holder first took it (kept across its renewals).</summary>
    public DateTimeOffset Since { get; init; }

    /// <summary>True when the lease still ran when the store answered.</summary>
    public bool IsLive => Remaining > TimeSpan.Zero;
}
