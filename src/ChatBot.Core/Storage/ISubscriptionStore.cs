using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;

namespace ChatBot.Core.Storage;

/// <summary>Digest subscriptions, one per channel.</summary>
public interface ISubscriptionStore
{
    Task<SubscriptionState?> GetAsync(ChannelKey channel, CancellationToken cancellationToken);

    Task<IReadOnlyList<SubscriptionState>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the channel's subscription; clears failures and any pause reason.</summary>
    Task SaveAsync(Subscription subscription, DateTimeOffset scheduledThrough, CancellationToken cancellationToken);

    /// <returns>False when the channel had no subscription.</returns>
    Task<bool> DeleteAsync(ChannelKey channel, CancellationToken cancellationToken);

    /// <summary>Moves the claimed-through mark forward (never back).</summary>
    Task AdvanceScheduleAsync(ChannelKey channel, DateTimeOffset scheduledThrough, CancellationToken cancellationToken);

    /// <returns>The number of consecutive failed runs, this one included (0 when unsubscribed).</returns>
    Task<int> RecordFailureAsync(ChannelKey channel, CancellationToken cancellationToken);

    Task PauseAsync(ChannelKey channel, string reason, CancellationToken cancellationToken);
}
