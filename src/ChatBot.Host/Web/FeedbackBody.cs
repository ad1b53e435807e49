namespace ChatBot.Host.Web;

/// <summary>Body of <c>POST /api/feedback</c>.</summary>
public sealed record FeedbackBody(string? AnswerId, string? ConversationId, bool? Helpful, string? Comment = null);
