using ChatBot.Core.Conversations;

namespace ChatBot.Core.Digests;

/// <summary>
/// Implemented by each platform adapter: posts a composed digest into one of its channels. The
/// scheduler picks the publisher whose <see cref="Platform"/> equals the channel's platform.
/// </summary>
public interface IDigestPublisher
{
    string Platform { get; }

    /// <summary>
    /// How long the platform recognises a part posted again under the same
    /// <see cref="DeliveryProgress.PartKey">part key</see> and returns the first post instead of
    /// making a second (Discord's enforced nonce). Within it, a part an attempt was sending when it
    /// ended unknown (crash, timeout, stop) is posted again rather than written off as uncertain.
    /// Zero for platforms without idempotent posts.
    /// </summary>
    TimeSpan IdempotencyWindow => TimeSpan.Zero;

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
