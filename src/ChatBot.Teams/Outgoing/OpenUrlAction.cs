namespace ChatBot.Teams.Outgoing;

public sealed record OpenUrlAction(string Title, string Url) : CardAction(Title);
