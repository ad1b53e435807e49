namespace ChatBot.Teams.Activities;

public sealed record ChannelAccount(string? Id, string? Name, string? AadObjectId = null);
