namespace ChatBot.Host.Web;

public sealed record CitationResponse(int N, string Document, string Title, DateOnly? Date, string? Url, string Quote);
