using System.Security.Cryptography;
using System.Text;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Discord.Rendering;
using ChatBot.Discord.Rest;
using Microsoft.Extensions.Options;

namespace ChatBot.Discord.Digests;

/// <summary>
/// Posts scheduled digests to Discord channels, rendered like answers, one message per part. Each
/// part's nonce is derived from the run and the part (not drawn at random) and enforced, so a part
/// posted again by a later attempt — after a crash, a timeout or a stop, on this worker or another —
/// is recognised by Discord within its nonce window and returned instead of posted twice.
/// </summary>
public sealed class DiscordDigestPublisher(DiscordRestClient rest, DiscordAnswerRenderer renderer, IOptions<DiscordOptions> options) : IDigestPublisher
{
    public string Platform => Platforms.Discord;

    public TimeSpan IdempotencyWindow => options.Value.Rest.NonceWindow;

    public Task PublishAsync(ChannelKey channel, Digest digest, CancellationToken cancellationToken) =>
        PublishAsync(channel, digest, DeliveryProgress.None(), cancellationToken);

    public async Task PublishAsync(ChannelKey channel, Digest digest, DeliveryProgress progress, CancellationToken cancellationToken)
    {
        var parts = renderer.Render(digest.Body, answerId: null, digest.Heading).ToList();
        for (var index = progress.PartsDone; index < parts.Count; index++)
        {
            await progress.BeginPartAsync(index, cancellationToken);
            var payload = parts[index] with { Nonce = progress.PartKey(index) is { } key ? NonceFor(channel, key) : null };
            try
            {
                await rest.CreateMessageAsync(channel.ChannelId, payload, cancellationToken);
            }
            catch (DiscordApiException e) when ((int)e.Status is >= 400 and < 500)
            {
                // Refused outright: nothing was posted, so the part is not in flight any more.
                await progress.PartNotSentAsync(cancellationToken);
                throw new DeliveryFailedException(
                    e.IsPermanent ? $"Discord refused the post ({(int)e.Status}): the channel is gone or the bot may not post there." : $"Discord refused the post: {e.Message}",
                    e.IsPermanent,
                    e);
            }
            catch (DiscordApiException e)
            {
                // A server error after retries: Discord may have taken the part. It stays in flight, and
                // the next attempt posts it again under the same nonce if that is still within the window.
                throw new DeliveryFailedException($"Discord failed while taking part {index + 1} of {parts.Count}: {e.Message}", permanent: false, e);
            }
            catch (HttpRequestException e)
            {
                throw new DeliveryFailedException($"Discord could not be reached (part {index + 1} of {parts.Count}): {e.Message}", permanent: false, e);
            }
            await progress.PartSentAsync(index, null, cancellationToken);
        }
    }

    /// <summary>
    /// Discord nonces are at most 25 characters: a hash of the channel and the part key, so the same
    /// part of the same run always gets the same nonce and different runs or channels never share one.
    /// </summary>
    internal static string NonceFor(ChannelKey channel, string partKey) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{channel.Platform}|{channel.ChannelId}|{partKey}")))[..24].ToLowerInvariant();
}
