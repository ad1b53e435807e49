namespace ChatBot.Discord.Gateway;

/// <summary>The bot's own user in READY.</summary>
internal sealed record ReadyUser(string? Id);
