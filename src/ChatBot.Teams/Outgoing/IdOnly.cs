namespace ChatBot.Teams.Outgoing;

/// <summary><c>{"id": "…"}</c>, as channel and tenant references are written.</summary>
public sealed record IdOnly(string? Id);
