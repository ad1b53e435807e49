namespace ChatBot.Host.Web;

/// <summary>Body of <c>POST /api/ask</c>.</summary>
/// <param name="PreviousQuestion">Context kept by an older page; the server's stored context for <paramref name="ConversationId"/> wins.</param>
public sealed record AskBody(string? Question, string? PreviousQuestion, string? ConversationId = null);
