namespace ChatBot.Core.Feedback;

public sealed record AnswerReport(IReadOnlyList<LoggedAnswer> Unanswered, IReadOnlyList<FeedbackEntry> Feedback);
