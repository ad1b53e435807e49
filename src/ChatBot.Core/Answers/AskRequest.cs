namespace ChatBot.Core.Answers;

/// <param name="Question">What the user asked, already stripped of platform markup.</param>
/// <param name="PreviousQuestion">
/// The earlier question of the same conversation thread, so follow-ups such as "who chaired it?"
/// can be resolved. Null when there is no thread context.
/// </param>
/// <param name="Origin">Where the question came from ("discord", "teams", "web", "cli"); used for metrics only.</param>
public sealed record AskRequest(string Question, string? PreviousQuestion = null, string Origin = "unknown");
