using ChatBot.Core.Storage;

namespace ChatBot.Core.Digests;

/// <summary>
/// What a multi-part post has done so far, kept in the delivery log part by part: a retry or a
/// resumed run starts after the parts that went out, and a part whose fate is unknown (the
/// platform may have taken it) is recorded as such instead of being posted again.
/// </summary>
public sealed class DeliveryProgress
{
    private readonly IDeliveryLog? _log;
    private readonly long _runId;
    private readonly DateTimeOffset _windowUntil;
    private readonly RunClaim? _claim;
    private readonly List<string> _uncertain = [];

    internal DeliveryProgress(IDeliveryLog? log, long runId, int partsDone, string? state, DateTimeOffset windowUntil, RunClaim? claim = null)
    {
        _log = log;
        _claim = claim;
        _runId = runId;
        PartsDone = partsDone;
        State = state;
        _windowUntil = windowUntil;
    }

    /// <summary>For publishers called outside a recorded run (previews, tests): nothing is kept.</summary>
    public static DeliveryProgress None() => Detached(0, null);

    /// <summary>Progress kept only in memory, starting after <paramref name="partsDone"/> parts (resuming by hand, tests).</summary>
    public static DeliveryProgress Detached(int partsDone, string? state) => new(null, 0, partsDone, state, DateTimeOffset.MinValue);

    /// <summary>
    /// A key for part <paramref name="index"/> that is the same in every attempt at this run, on any
    /// worker (the run's id in the shared delivery log): the platform's idempotency key, so a
    /// repeated part is recognised. Null outside a recorded run.
    /// </summary>
    public string? PartKey(int index) => _log is null ? null : $"digest-run:{_runId}:part:{index}";

    /// <summary>Parts already out (or possibly out); post from this index on.</summary>
    public int PartsDone { get; private set; }

    /// <summary>The publisher's own resume note from an earlier attempt (e.g. the thread the first part opened).</summary>
    public string? State { get; private set; }

    /// <summary>Parts of this attempt whose fate is unknown, with the reason.</summary>
    public IReadOnlyList<string> Uncertain => _uncertain;

    /// <summary>
    /// Call right before sending part <paramref name="index"/>: confirms this worker still holds the
    /// run (a worker paused past its claim must not post a part the worker that took over posts
    /// too), then notes the part, so a crash from here on leaves it marked as possibly posted.
    /// </summary>
    /// <exception cref="RunClaimLostException">Another worker owns the run now: post nothing more.</exception>
    public async Task BeginPartAsync(int index, CancellationToken cancellationToken)
    {
        if (_claim is not null)
        {
            await _claim.EnsureHeldAsync(cancellationToken).ConfigureAwait(false);
        }
        await RecordAsync(log => log.BeginPartAsync(_runId, Holder, index, _windowUntil, CancellationToken.None), $"the start of part {index + 1}").ConfigureAwait(false);
    }

    /// <summary>The part begun last was not sent after all (stopped before the request left).</summary>
    public Task PartNotSentAsync(CancellationToken cancellationToken) =>
        RecordAsync(log => log.BeginPartAsync(_runId, Holder, null, _windowUntil, CancellationToken.None), "a part not sent");

    private string Holder => _claim?.Holder ?? "";

    /// <summary>
    /// Every write is fenced on the claim: one the store refuses (another worker owns the run now)
    /// loses the claim and stops the post, so nothing this worker does later lands in the run.
    /// </summary>
    private async Task RecordAsync(Func<IDeliveryLog, Task<bool>> write, string what)
    {
        if (_log is null)
        {
            return;
        }
        if (!await write(_log).ConfigureAwait(false))
        {
            throw _claim is null
                ? new RunClaimLostException($"The delivery log refused {what} for run {_runId}: it is not held by this attempt.")
                : await _claim.RefusedAsync(what).ConfigureAwait(false);
        }
    }

    /// <summary>Part <paramref name="index"/> was accepted.</summary>
    public async Task PartSentAsync(int index, string? state, CancellationToken cancellationToken)
    {
        PartsDone = Math.Max(PartsDone, index + 1);
        State = state ?? State;
        await RecordAsync(log => log.RecordPartAsync(_runId, Holder, index, uncertain: false, state, note: null, CancellationToken.None), $"part {index + 1} as posted").ConfigureAwait(false);
    }

    /// <summary>Part <paramref name="index"/> may have been accepted: it counts as done and is never posted again.</summary>
    public async Task PartUncertainAsync(int index, int partCount, string reason, CancellationToken cancellationToken)
    {
        PartsDone = Math.Max(PartsDone, index + 1);
        var note = $"Part {index + 1} of {partCount} may or may not have been posted ({reason}); it is not posted again, to avoid a duplicate.";
        _uncertain.Add(note);
        await RecordAsync(log => log.RecordPartAsync(_runId, Holder, index, uncertain: true, null, note, CancellationToken.None), $"part {index + 1} as possibly posted").ConfigureAwait(false);
    }
}
