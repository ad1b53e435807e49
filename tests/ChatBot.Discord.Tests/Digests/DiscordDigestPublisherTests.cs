using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Discord.Tests.EndToEnd;
using ChatBot.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Discord.Tests.Digests;

/// <summary>The publisher the digest scheduler uses for "discord" channels, inside the real host.</summary>
public sealed class DiscordDigestPublisherTests : FakeDiscordTest
{
    private const string Channel = "700000000000000009";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await StartWorkerAsync(gateway: false);
    }

    private IDigestPublisher Publisher => Worker.App.Services.GetServices<IDigestPublisher>().Single(p => p.Platform == "discord");

    private Task<Digest> DigestAsync() => Worker.Digests.ComposeAsync(new DateTimeOffset(2023, 6, 26, 0, 0, 0, TimeSpan.Zero), CancellationToken.None);

    [Fact]
    public async Task Scheduled_digest_is_posted_to_the_channel_with_its_citations()
    {
        await Publisher.PublishAsync(new ChannelKey("discord", Channel), await DigestAsync(), CancellationToken.None);

        var (channel, body, _) = Assert.Single(Fake.Messages);
        Assert.Equal(Channel, channel);
        Assert.Contains("[1]", body["content"]!.GetValue<string>());
        Assert.StartsWith("1. First EU–Korea Digital Partnership Council (2023-06-30)", body["embeds"]![0]!["description"]!.GetValue<string>());
        Assert.Empty(body["allowed_mentions"]!["parse"]!.AsArray());
    }

    [Theory]
    [InlineData(403, true)]
    [InlineData(404, true)]
    [InlineData(400, false)]
    public async Task Refusals_become_delivery_failures_permanent_when_the_channel_is_gone_or_forbidden(int status, bool permanent)
    {
        Fake.Script(new ScriptedResponse("POST", $"channels/{Channel}/messages", status, """{"message":"no","code":10003}"""));

        var error = await Assert.ThrowsAsync<DeliveryFailedException>(async () =>
            await Publisher.PublishAsync(new ChannelKey("discord", Channel), await DigestAsync(), CancellationToken.None));

        Assert.Equal(permanent, error.Permanent);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Empty(Fake.Messages);
    }
}
