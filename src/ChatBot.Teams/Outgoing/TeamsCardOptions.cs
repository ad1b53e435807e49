namespace ChatBot.Teams.Outgoing;

/// <summary>Teams' own card settings (<c>msteams</c>).</summary>
public sealed record TeamsCardOptions(string Width);
