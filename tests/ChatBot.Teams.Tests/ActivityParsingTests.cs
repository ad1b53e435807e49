using System.Text.Json;
using ChatBot.Core.Conversations;
using ChatBot.Teams.Activities;
using ChatBot.Teams.Commands;

namespace ChatBot.Teams.Tests;

public sealed class ActivityParsingTests
{
    [Theory]
    [InlineData("help", typeof(ChatCommand.Help))]
    [InlineData("HELP", typeof(ChatCommand.Help))]
    [InlineData("", typeof(ChatCommand.Help))]
    [InlineData("topics", typeof(ChatCommand.Topics))]
    [InlineData("digest now", typeof(ChatCommand.DigestNow))]
    [InlineData("digest unsubscribe", typeof(ChatCommand.DigestUnsubscribe))]
    [InlineData("digest status", typeof(ChatCommand.DigestStatus))]
    [InlineData("digest", typeof(ChatCommand.Help))]
    [InlineData("ask", typeof(ChatCommand.Help))]
    [InlineData("summary", typeof(ChatCommand.Help))]
    [InlineData("help me understand the council", typeof(ChatCommand.Ask))]
    [InlineData("topics covered at the council?", typeof(ChatCommand.Ask))]
    public void Commands_are_recognised_and_everything_else_is_a_question(string text, Type expected)
    {
        Assert.IsType(expected, TeamsCommands.Parse(text));
    }

    [Fact]
    public void Arguments_are_kept()
    {
        Assert.Equal(new ChatCommand.Ask("When is the next council?"), TeamsCommands.Parse("ask   When is the next council?"));
        Assert.Equal(new ChatCommand.Summary("artificial intelligence"), TeamsCommands.Parse("summary artificial intelligence"));
        Assert.Equal(new ChatCommand.DigestSubscribe("0 9 * * 1"), TeamsCommands.Parse("digest subscribe 0 9 * * 1"));
        Assert.Equal(new ChatCommand.DigestSubscribe(null), TeamsCommands.Parse("Digest Subscribe"));
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

}
