using System.Net;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Sources;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;
using ChatBot.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Teams.Tests;

/// <summary>
/// The real worker on the fake Bot Framework and a fake news site: an article published and
/// fetched starts one digest thread in the subscribed Teams channel, cited with its original
/// address; a second fetch with nothing new adds nothing.
/// </summary>
public sealed class FetchedSourcesDigestTests : IAsyncLifetime
{
    private readonly FakeSite _site = new();
    private readonly string _data = Path.Combine(Path.GetTempPath(), "chatbot-teams-tests", "sources-" + Guid.NewGuid().ToString("N"));
    private FakeMicrosoft _fake = null!;
    private NewsSite _news = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeMicrosoft.StartAsync();
        _news = new NewsSite(_site);
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _site.DisposeAsync();
        TeamsTestHost.DeleteFolder(_data);
    }

    private static bool IsNewThread(SentActivity s) => s.Accepted && s.Path.EndsWith("/v3/conversations", StringComparison.Ordinal);

    [Fact]
    public async Task A_fetched_article_starts_one_digest_thread_with_its_original_address()
    {
        await using var worker = await TeamsTestHost.StartAsync(_fake, real: RealServices.All, dataPath: _data, extra: _news.Settings(Path.Combine(_data, "site")));
        await worker.Services.GetRequiredService<IKnowledgeBase>().WhenReady.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await worker.PostAsync(TestActivities.BotAddedToChannel(_fake))).StatusCode);
        await _fake.WaitForMessagesAsync(1); // the welcome, sent after the channel's reference was stored
        var channel = new ChannelKey("teams", TestActivities.TeamsChannelId);
        var digests = worker.Services.GetRequiredService<IDigestService>();
        await digests.SubscribeAsync(channel, null, null, backfill: false, CancellationToken.None);
        var runner = worker.Services.GetRequiredService<SourceFetchRunner>();

        _news.PublishArticle();
        Assert.Equal(1, (await runner.RunAsync(false, null, CancellationToken.None)).Added);
        Assert.Equal(DeliveryOutcome.Delivered, (await digests.PostNowAsync(channel, CancellationToken.None)).Outcome);

        var thread = Assert.Single(_fake.Sent, IsNewThread);
        var posted = thread.Body.ToJsonString();
        Assert.Contains(NewsSite.ArticleTitle, posted);
        Assert.Contains(_news.ArticleUrl.AbsoluteUri, posted);

        Assert.Equal(0, (await runner.RunAsync(false, null, CancellationToken.None)).Added);
        await digests.PostNowAsync(channel, CancellationToken.None);
        var threads = _fake.Sent.Where(IsNewThread).ToList();
        Assert.Equal(2, threads.Count);
        Assert.DoesNotContain(NewsSite.ArticleTitle, threads[1].Body.ToJsonString());
    }
}
