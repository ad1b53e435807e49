namespace ChatBot.Host.Web;

public sealed record ErrorResponse(string Error);
