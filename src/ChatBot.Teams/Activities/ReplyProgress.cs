namespace ChatBot.Teams.Activities;

/// <summary>
/// Counts the replies one activity has posted, so an activity resumed after a restart (or retried
/// after a deferral) skips the ones that already went out. Replies are numbered in the order the
/// handler posts them, which is the same on every attempt. <paramref name="confirm"/> runs before
/// each reply goes out (the inbox confirms and renews this worker's claim on the activity there,
/// throwing <see cref="InboxClaimLostException"/> once another worker owns it).
/// </summary>
public sealed class ReplyProgress(int alreadyDone, Func<int, CancellationToken, Task> record, Func<CancellationToken, Task>? confirm = null)
{
    private int _next;

    public static ReplyProgress None() => new(0, (_, _) => Task.CompletedTask);

    /// <summary>True when an earlier attempt posted some replies already.</summary>
    public bool Resumed => alreadyDone > 0;

    /// <returns>The reply's number, and whether it still has to be posted.</returns>
    internal (int Index, bool Post) Next()
    {
        var index = _next++;
        return (index, index >= alreadyDone);
    }

    /// <summary>Right before a reply is posted: throws when this worker may no longer post for the activity.</summary>
    internal Task ConfirmAsync(CancellationToken cancellationToken) => confirm?.Invoke(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Reply <paramref name="index"/> went out (or may have): never post it again.</summary>
    internal Task DoneAsync(int index, CancellationToken cancellationToken) => record(index + 1, cancellationToken);
}
