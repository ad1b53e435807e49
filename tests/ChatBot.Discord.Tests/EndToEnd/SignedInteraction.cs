namespace ChatBot.Discord.Tests.EndToEnd;

public sealed record SignedInteraction(string Body, string Timestamp, string Signature);
