namespace ChatBot.Host.Web;

public static class WebChatExtensions
{
    // Owned by the web chat work (issue #4): chat page, /api/ask, health, readiness, metrics.
    public static WebApplicationBuilder AddWebChat(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication MapWebChat(this WebApplication app)
    {
        return app;
    }
}
