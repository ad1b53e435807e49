namespace ChatBot.Teams.Activities;

/// <summary>
/// How many accepted Teams activities are still unanswered, for back-pressure on
/// <c>POST /api/messages</c> without a count query per request: the <see cref="InboxProcessor"/>
/// counts the shared inbox at most once a second, and this worker's accepts and completions move
/// the figure in between. Other workers' accepts show at the next count.
/// </summary>
public sealed class InboxBacklog
{
    private long _pending;
    private long _refused;

    /// <summary>Unanswered activities as last counted, plus this worker's accepts since, minus its completions.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Activities refused with 503 because the backlog was full (for /metrics).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    internal void Counted(long pending) => Interlocked.Exchange(ref _pending, pending);

    internal void Added() => Interlocked.Increment(ref _pending);

    internal void Finished()
    {
        // Never below zero: a count and the moves around it may overlap a little.
        long current;
        do
        {
            current = Interlocked.Read(ref _pending);
        }
        while (current > 0 && Interlocked.CompareExchange(ref _pending, current - 1, current) != current);
    }

    internal void RefusedOne() => Interlocked.Increment(ref _refused);
}
