namespace ChatBot.Discord.Gateway;

/// <summary>A READY the bot can use.</summary>
internal sealed record ReadyEvent(string SessionId, Uri? ResumeUrl, string UserId);
