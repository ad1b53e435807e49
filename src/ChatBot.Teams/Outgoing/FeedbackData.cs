namespace ChatBot.Teams.Outgoing;

/// <summary>What a card's feedback button submits: <c>{"action": "feedback", "answerId": …, "helpful": …}</c>.</summary>
public sealed record FeedbackData(string Action, string AnswerId, bool Helpful);
