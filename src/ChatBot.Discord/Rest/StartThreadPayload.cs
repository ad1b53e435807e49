namespace ChatBot.Discord.Rest;

public sealed record StartThreadPayload(string Name, int AutoArchiveDuration = 1440);
