using System.Text.Json;
using ChatBot.Teams.Activities;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Teams.Tests;

public sealed class ActivityParsingTests
{
    [Theory]
    [InlineData("help", typeof(TeamsCommand.Help))]
    [InlineData("HELP", typeof(TeamsCommand.Help))]
    [InlineData("", typeof(TeamsCommand.Help))]
    [InlineData("topics", typeof(TeamsCommand.Topics))]
    [InlineData("digest now", typeof(TeamsCommand.DigestNow))]
    [InlineData("digest unsubscribe", typeof(TeamsCommand.DigestUnsubscribe))]
    [InlineData("digest status", typeof(TeamsCommand.DigestStatus))]
    [InlineData("digest", typeof(TeamsCommand.Help))]
    [InlineData("ask", typeof(TeamsCommand.Help))]
    [InlineData("summary", typeof(TeamsCommand.Help))]
    [InlineData("help me understand the council", typeof(TeamsCommand.Ask))]
    [InlineData("topics covered at the council?", typeof(TeamsCommand.Ask))]
    public void Commands_are_recognised_and_everything_else_is_a_question(string text, Type expected)
    {
        Assert.IsType(expected, TeamsCommand.Parse(text));
    }

    [Fact]
    public void Arguments_are_kept()
    {
        Assert.Equal(new TeamsCommand.Ask("When is the next council?"), TeamsCommand.Parse("ask   When is the next council?"));
        Assert.Equal(new TeamsCommand.Summary("artificial intelligence"), TeamsCommand.Parse("summary artificial intelligence"));
        Assert.Equal(new TeamsCommand.DigestSubscribe("0 9 * * 1"), TeamsCommand.Parse("digest subscribe 0 9 * * 1"));
        Assert.Equal(new TeamsCommand.DigestSubscribe(null), TeamsCommand.Parse("Digest Subscribe"));
    }

    private static Activity Parse(string json) => JsonSerializer.Deserialize<Activity>(json, Activity.Json)!;

    [Fact]
    public void Bot_mention_is_removed_but_other_people_keep_their_names()
    {
        var activity = Parse("""
        {"type":"message","text":"<at>ChatBot</at> what did <at>Ada Lovelace</at> say?",
         "recipient":{"id":"28:bot","name":"ChatBot"},
         "entities":[{"type":"mention","text":"<at>ChatBot</at>","mentioned":{"id":"28:bot","name":"ChatBot"}},
                     {"type":"mention","text":"<at>Ada Lovelace</at>","mentioned":{"id":"29:ada","name":"Ada Lovelace"}}]}
        """);
        Assert.Equal("what did Ada Lovelace say?", MentionText.Strip(activity));
    }

    [Fact]
    public void Malformed_mention_entities_are_ignored()
    {
        var activity = Parse("""
        {"type":"message","text":"<at>ChatBot</at> hi","recipient":{"id":"28:bot","name":"ChatBot"},
         "entities":[{"type":42},{"type":"mention","text":7},{"type":"mention","text":"<at>ChatBot</at>","mentioned":"28:bot"},"x"]}
        """);
        Assert.Equal("hi", MentionText.Strip(activity));
    }

    [Fact]
    public void Html_entities_and_stray_tags_are_cleaned()
    {
        var activity = Parse("""{"type":"message","text":"<at>ChatBot</at>&nbsp;R&amp;D  funding?","recipient":{"id":"28:bot","name":"ChatBot"}}""");
        Assert.Equal("R&D funding?", MentionText.Strip(activity));
    }

    [Fact]
    public void Thread_suffix_is_removed_from_channel_conversation_ids()
    {
        Assert.Equal("19:abc@thread.tacv2", ConversationReference.ChannelConversationId("19:abc@thread.tacv2;messageid=1700000000000"));
        Assert.Equal("a:personal", ConversationReference.ChannelConversationId("a:personal"));
    }

    [Fact]
    public void Conversation_reference_round_trips_through_json()
    {
        var activity = Parse("""
        {"type":"message","serviceUrl":"https://smba.trafficmanager.net/emea/","channelId":"msteams",
         "conversation":{"id":"19:c@thread.tacv2;messageid=5","conversationType":"channel","tenantId":"t1"},
         "recipient":{"id":"28:bot","name":"ChatBot"},
         "channelData":{"team":{"id":"19:team"},"channel":{"id":"19:c@thread.tacv2"}}}
        """);
        var reference = ConversationReference.FromJson(ConversationReference.FromActivity(activity).ToJson())!;
        Assert.Equal("19:c@thread.tacv2", reference.ConversationId);
        Assert.Equal("t1", reference.TenantId);
        Assert.True(reference.IsTeamChannel);
        Assert.Equal("28:bot", reference.Bot!.Id);
        Assert.Null(ConversationReference.FromJson("{not json"));
    }

    [Fact]
    public void Recent_ids_forget_after_the_window_and_when_full()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var ids = new RecentActivityIds(time);
        Assert.True(ids.TryAdd("a"));
        Assert.False(ids.TryAdd("a"));
        time.Advance(RecentActivityIds.Window + TimeSpan.FromSeconds(1));
        Assert.True(ids.TryAdd("a"));

        for (var i = 0; i < RecentActivityIds.Capacity + 5; i++)
        {
            ids.TryAdd($"k{i}");
        }
        Assert.True(ids.TryAdd("k0")); // evicted to stay bounded
        Assert.False(ids.TryAdd($"k{RecentActivityIds.Capacity + 4}"));
    }
}
