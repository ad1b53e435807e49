namespace ChatBot.Discord.Rest;

public sealed record EmbedFooter(string Text);
