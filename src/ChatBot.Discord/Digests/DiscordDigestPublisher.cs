using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Discord.Rendering;
using ChatBot.Discord.Rest;

namespace ChatBot.Discord.Digests;

/// <summary>Posts scheduled digests to Discord channels, rendered like answers.</summary>
public sealed class DiscordDigestPublisher(DiscordRestClient rest, DiscordAnswerRenderer renderer) : IDigestPublisher
{
    public string Platform => Platforms.Discord;

    public async Task PublishAsync(ChannelKey channel, Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var payload in renderer.Render(digest.Body, answerId: null, digest.Heading))
            {
                await rest.CreateMessageAsync(channel.ChannelId, payload, cancellationToken);
            }
        }
        catch (DiscordApiException e)
        {
            throw new DeliveryFailedException(
                e.IsPermanent ? $"Discord refused the post ({(int)e.Status}): the channel is gone or the bot may not post there." : $"Discord refused the post: {e.Message}",
                e.IsPermanent,
                e);
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryFailedException($"Discord could not be reached: {e.Message}", permanent: false, e);
        }
    }
}
