using ChatBot.Core.Conversations;

namespace ChatBot.Core.Digests;

/// <summary>
/// Implemented by each platform adapter: posts a composed digest into one of its channels. The
/// scheduler picks the publisher whose <see cref="Platform"/> equals the channel's platform.
/// </summary>
public interface IDigestPublisher
{
    string Platform { get; }

    /// <exception cref="DeliveryFailedException">The platform refused the post or the channel is gone.</exception>
    Task PublishAsync(ChannelKey channel, Digest digest, CancellationToken cancellationToken);

    /// <summary>
    /// Publishers that post a digest in several parts, on a platform without idempotent posts,
    /// implement this: skip the <see cref="DeliveryProgress.PartsDone"/> parts, report each part as
    /// it goes, and report a part the platform may have taken as uncertain instead of failing.
    /// </summary>
    Task PublishAsync(ChannelKey channel, Digest digest, DeliveryProgress progress, CancellationToken cancellationToken) =>
        PublishAsync(channel, digest, cancellationToken);
}
