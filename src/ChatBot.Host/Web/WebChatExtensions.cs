using ChatBot.Host.Observability;
using Microsoft.Extensions.Options;

namespace ChatBot.Host.Web;

public static class WebChatExtensions
{
    /// <summary>
    /// Web chat, JSON API, health, readiness and metrics. Also decides where Kestrel listens:
    /// <c>Web:Urls</c> unless <c>ASPNETCORE_URLS</c>, <c>--urls</c> or <c>Urls</c> was given.
    /// </summary>
    public static WebApplicationBuilder AddWebChat(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebOptions>().Bind(builder.Configuration.GetSection(WebOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WebOptions>, WebOptionsValidator>();
        builder.Services.AddSingleton<ChatPage>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, WebJson.Default));
        builder.Services.AddObservability();

        if (ListenUrls(builder.Configuration) is { } urls)
        {
            builder.WebHost.UseUrls(urls);
        }
        return builder;
    }

    public static WebApplication MapWebChat(this WebApplication app)
    {
        var page = app.Services.GetRequiredService<ChatPage>();
        foreach (var path in page.Paths)
        {
            app.MapGet(path, page.Serve);
        }
        app.MapChatApi();
        app.MapObservability();
        return app;
    }

    /// <summary>
    /// The URLs to apply from <c>Web:Urls</c>, or null when the standard ASP.NET Core setting is
    /// present (it wins) or <c>Web:Urls</c> is invalid (start-up validation reports that, naming the key).
    /// </summary>
    internal static string[]? ListenUrls(IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey]))
        {
            return null;
        }
        var options = new WebOptions();
        configuration.GetSection(WebOptions.Section).Bind(options);
        var urls = options.UrlList();
        return urls.Count > 0 && urls.All(WebOptionsValidator.IsListenUrl) ? [.. urls] : null;
    }
}
