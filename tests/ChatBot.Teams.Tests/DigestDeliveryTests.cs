using System.Net;
using System.Text;
using ChatBot.Core.Answers;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;
using ChatBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Teams.Tests;

/// <summary>A long digest against a failing Connector: split at 20 citations, into one thread, never a repost of a part Teams may have taken.</summary>
public sealed class DigestDeliveryTests : WorkerTest
{
    private IDigestPublisher Publisher => Worker.Services.GetServices<IDigestPublisher>().Single(p => p.Platform == "teams");

    private static Digest BusyDigest(int documents)
    {
        var text = new StringBuilder();
        var citations = new List<Citation>();
        for (var n = 1; n <= documents; n++)
        {
            text.Append($"• Document {n}: Key sentence {n}. [{n}]\n");
            citations.Add(new Citation(n, $"doc-{n}", $"Document {n}", new DateOnly(2026, 3, 1), $"https://example.org/{n}", $"Key sentence {n}."));
        }
        var since = new DateTimeOffset(2026, 2, 23, 8, 0, 0, TimeSpan.Zero);
        return new Digest(since, since.AddDays(7), [], new Answer("What is new?", true, text.ToString().TrimEnd(), citations, 1));
    }

    private async Task AddBotToChannelAsync()
    {
        await Worker.PostAsync(TestActivities.BotAddedToChannel(Fake));
        await Fake.WaitForMessagesAsync(1);
    }

    [Fact]
    public async Task A_busy_digest_goes_out_in_parts_of_at_most_twenty_citations_in_one_thread()
    {
        await AddBotToChannelAsync();

        await Publisher.PublishAsync(new ChannelKey("teams", TestActivities.TeamsChannelId), BusyDigest(45), default);

        var parts = Fake.Messages.Where(m => m.Path.Contains("/v3/conversations", StringComparison.Ordinal) && m.Text?.Contains("Document", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(3, parts.Count);
        Assert.All(parts, p => Assert.True((p.Activity["entities"]?[0]?["citation"]?.AsArray().Count ?? 0) <= 20));
        var thread = parts[0].ResponseId;
        Assert.All(parts.Skip(1), p => Assert.StartsWith(TestActivities.TeamsChannelId + ";messageid=" + thread, p.ConversationId));
    }

    [Fact]
    public async Task A_part_answered_with_a_server_error_is_recorded_as_uncertain_and_not_reposted()
    {
        await AddBotToChannelAsync();
        Fake.Script(HttpStatusCode.OK);                  // part 1 opens the thread
        Fake.Script(HttpStatusCode.InternalServerError); // part 2: Teams may have posted it

        var progress = DeliveryProgress.None();
        await Publisher.PublishAsync(new ChannelKey("teams", TestActivities.TeamsChannelId), BusyDigest(45), progress, default);

        var digestPosts = Fake.Sent.Where(s => s.Text?.Contains("Document", StringComparison.Ordinal) == true).ToList();
        Assert.Equal([200, 500, 200], digestPosts.Select(s => s.Status));
        Assert.Single(progress.Uncertain);
        Assert.Equal(3, progress.PartsDone);
    }

    [Fact]
    public async Task A_retry_resumes_after_the_parts_that_went_out_in_the_same_thread()
    {
        await AddBotToChannelAsync();
        Fake.Script(HttpStatusCode.OK);
        Fake.Script(HttpStatusCode.BadRequest); // part 2 refused: nothing posted, the run fails for now

        var first = DeliveryProgress.None();
        await Assert.ThrowsAsync<DeliveryFailedException>(() =>
            Publisher.PublishAsync(new ChannelKey("teams", TestActivities.TeamsChannelId), BusyDigest(45), first, default));
        Assert.Equal(1, first.PartsDone);
        Assert.NotNull(first.State);

        // What the delivery log hands the next attempt: one part done, the thread it opened.
        var resumed = DeliveryProgress.Detached(first.PartsDone, first.State);
        await Publisher.PublishAsync(new ChannelKey("teams", TestActivities.TeamsChannelId), BusyDigest(45), resumed, default);

        var accepted = Fake.Messages.Where(s => s.Text?.Contains("Document", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(3, accepted.Count);
        Assert.Single(accepted, a => a.Path.EndsWith("/v3/conversations", StringComparison.Ordinal));
        Assert.Equal(3, resumed.PartsDone);
    }

    [Fact]
    public async Task A_stored_reference_to_a_host_that_is_not_allowed_gets_nothing_and_says_why()
    {
        // Stored before the allow list existed, or by hand: the token must still not go there.
        var reference = new ChatBot.Teams.Activities.ConversationReference(Fake.AttackerUrl + "/", "msteams", "a:old-chat", "personal",
            TestActivities.TenantId, new ChatBot.Teams.Activities.ChannelAccount(TestActivities.BotId, TestActivities.BotName), null, null);
        await Worker.Store.SaveReferenceAsync(reference.Key, reference.ToJson(), default);

        var error = await Assert.ThrowsAsync<DeliveryFailedException>(() => Publisher.PublishAsync(reference.Key, BusyDigest(3), default));

        Assert.True(error.Permanent);
        Assert.Contains("Teams:AllowedServiceUrls", error.Message);
        Assert.Empty(Fake.AttackerHits);
        Assert.Equal(0, Fake.TokenRequests);
    }

    [Fact]
    public void The_connector_never_gives_up_before_a_digest_post_may()
    {
        var factory = Worker.Services.GetRequiredService<IHttpClientFactory>();
        var publishTimeout = Worker.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DigestOptions>>().Value.PublishTimeout;
        Assert.True(factory.CreateClient(nameof(ChatBot.Teams.Connector.ConnectorClient)).Timeout >= publishTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), TeamsServiceCollectionExtensions.ConnectorTimeout(new DigestOptions { PublishTimeout = TimeSpan.FromMinutes(10) }));
    }
}
