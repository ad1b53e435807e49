namespace ChatBot.Host.Web;

public sealed record FeedbackResponse(bool Recorded);
