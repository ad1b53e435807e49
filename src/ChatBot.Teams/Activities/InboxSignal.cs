using System.Threading.Channels;

namespace ChatBot.Teams.Activities;

/// <summary>
/// Wakes the <see cref="InboxProcessor"/> when <c>POST /api/messages</c> has stored an activity
/// (or a worker finished one), so nothing waits for the next poll.
/// </summary>
public sealed class InboxSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <returns>When notified, or after <paramref name="timeout"/> on <paramref name="time"/>.</returns>
    internal async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var delay = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(delay.Token, cancellationToken);
        try
        {
            await _channel.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out: time to look for deferred work.
        }
    }
}
