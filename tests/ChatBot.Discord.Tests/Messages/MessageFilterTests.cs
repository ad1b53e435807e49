using ChatBot.Discord.Gateway;
using ChatBot.Discord.Messages;
using ChatBot.Discord.Rest;

namespace ChatBot.Discord.Tests.Messages;

public sealed class MessageFilterTests
{
    private const string Bot = "111111111111111111";

    [Theory]
    [InlineData("<@111111111111111111> When is the next council?", "When is the next council?")]
    [InlineData("<@!111111111111111111>   who chaired it?", "who chaired it?")]
    [InlineData("Hey <@111111111111111111>, what about 6G?", "Hey , what about 6G?")]
    [InlineData("<@222222222222222222> and <@111111111111111111> hi", "<@222222222222222222> and hi")]
    public void Bot_mention_is_stripped_and_other_text_kept(string content, string question)
    {
        Assert.Equal(question, Mentions.StripBotMention(content, Bot));
    }

    [Fact]
    public void Mention_is_found_in_the_mentions_array_or_the_text()
    {
        Assert.True(Mentions.MentionsBot(new DiscordMessage { Content = "hi", Mentions = [new DiscordUser { Id = Bot }] }, Bot));
        Assert.True(Mentions.MentionsBot(new DiscordMessage { Content = $"<@!{Bot}> hi" }, Bot));
        Assert.False(Mentions.MentionsBot(new DiscordMessage { Content = "<@222222222222222222> hi", Mentions = [new DiscordUser { Id = "222222222222222222" }] }, Bot));
    }

    [Fact]
    public void Mention_of_the_bots_managed_role_counts_and_is_stripped()
    {
        const string role = "333333333333333333";

        Assert.True(Mentions.MentionsBot(new DiscordMessage { Content = $"<@&{role}> hi", MentionRoles = [role] }, Bot, role));
        Assert.True(Mentions.MentionsBot(new DiscordMessage { Content = $"<@&{role}> hi" }, Bot, role));
        Assert.False(Mentions.MentionsBot(new DiscordMessage { Content = "<@&444444444444444444> hi", MentionRoles = ["444444444444444444"] }, Bot, role));
        Assert.False(Mentions.MentionsBot(new DiscordMessage { Content = $"<@&{role}> hi", MentionRoles = [role] }, Bot, botRoleId: null));
        Assert.Equal("When is the next council?", Mentions.StripBotMention($"<@&{role}> When is the next council?", Bot, role));
    }

    [Theory]
    [InlineData(4004, "Fatal")]
    [InlineData(4010, "Fatal")]
    [InlineData(4011, "Fatal")]
    [InlineData(4012, "Fatal")]
    [InlineData(4013, "Fatal")]
    [InlineData(4014, "Fatal")]
    [InlineData(4007, "Reidentify")]
    [InlineData(4009, "Reidentify")]
    [InlineData(4000, "Resume")]
    [InlineData(4008, "Resume")]
    [InlineData(1006, "Resume")]
    public void Close_codes_map_to_the_documented_action(int code, string action)
    {
        var (result, meaning) = GatewayClosePolicy.For(code);

        Assert.Equal(action, result.ToString());
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), meaning);
    }
}
