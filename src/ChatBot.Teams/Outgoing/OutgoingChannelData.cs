namespace ChatBot.Teams.Outgoing;

/// <summary>Teams-specific message settings: here only the built-in feedback loop.</summary>
public sealed record OutgoingChannelData(FeedbackLoop? FeedbackLoop);
