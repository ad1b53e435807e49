namespace ChatBot.Discord.Rest;

public sealed record MessageReference(string MessageId, bool FailIfNotExists = false);
