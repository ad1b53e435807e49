namespace ChatBot.Discord.Rest;

public sealed record CommandChoice(string Name, string Value);
