namespace ChatBot.Teams.Outgoing;

public sealed record ActionSet(IReadOnlyList<CardAction> Actions) : CardElement;
