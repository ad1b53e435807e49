using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Sources;
using ChatBot.Discord.Tests.Fakes;
using ChatBot.Testing.Fakes;

namespace ChatBot.Discord.Tests.EndToEnd;

/// <summary>
/// The real worker on a fake Discord and a fake news site: an article published and fetched is
/// posted once in the subscribed channel's digest, cited with its original address; a second
/// fetch with nothing new adds nothing.
/// </summary>
public sealed class FetchedSourcesDigestTests : IAsyncLifetime
{
    private const string Channel = "700000000000000077";

    private readonly FakeSite _site = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "chatbot-discord-tests", "sources-" + Guid.NewGuid().ToString("N"));
    private FakeDiscord _discord = null!;
    private DiscordTestHost _host = null!;
    private NewsSite _news = null!;

    public async Task InitializeAsync()
    {
        _news = new NewsSite(_site);
        _discord = await FakeDiscord.StartAsync();
        _host = await DiscordTestHost.StartAsync(_discord, _news.Settings(_folder), gateway: false, doubles: false);
        await _host.Service<IKnowledgeBase>().WhenReady.WaitAsync(TimeSpan.FromMinutes(2));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _discord.DisposeAsync();
        await _site.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private Task<SourceRunReport> FetchAsync() => _host.Service<SourceFetchRunner>().RunAsync(false, null, CancellationToken.None);

    [Fact]
    public async Task A_fetched_article_is_posted_once_with_its_original_address()
    {
        var channel = new ChannelKey("discord", Channel);
        var digests = _host.Service<IDigestService>();
        await digests.SubscribeAsync(channel, null, null, backfill: false, CancellationToken.None);

        _news.PublishArticle();
        Assert.Equal(1, (await FetchAsync()).Added);
        Assert.Equal(DeliveryOutcome.Delivered, (await digests.PostNowAsync(channel, CancellationToken.None)).Outcome);

        var (to, body, _) = Assert.Single(_discord.Messages);
        Assert.Equal(Channel, to);
        var posted = body.ToJsonString();
        Assert.Contains(NewsSite.ArticleTitle, posted);
        Assert.Contains(_news.ArticleUrl.AbsoluteUri, posted);

        Assert.Equal(0, (await FetchAsync()).Added);
        await digests.PostNowAsync(channel, CancellationToken.None);
        Assert.Equal(2, _discord.Messages.Count);
        Assert.DoesNotContain(NewsSite.ArticleTitle, _discord.Messages[1].Body.ToJsonString());
    }
}
