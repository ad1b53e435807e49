namespace ChatBot.Teams.Connector;

public sealed record CreatedConversation(string Id, string? ActivityId);
