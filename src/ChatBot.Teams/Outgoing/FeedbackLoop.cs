namespace ChatBot.Teams.Outgoing;

/// <summary>Teams' built-in thumbs up/down with a comment box (<c>{"type": "default"}</c>).</summary>
public sealed record FeedbackLoop(string Type = "default");
