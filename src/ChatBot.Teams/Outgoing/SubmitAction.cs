namespace ChatBot.Teams.Outgoing;

/// <summary>Sends <see cref="Data"/> back to the bot as a message's <c>value</c>.</summary>
public sealed record SubmitAction(string Title, FeedbackData Data) : CardAction(Title);
