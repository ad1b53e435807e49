using Microsoft.Extensions.Options;

namespace ChatBot.Host.Web;

internal sealed class WebOptionsValidator : IValidateOptions<WebOptions>
{
    public ValidateOptionsResult Validate(string? name, WebOptions options)
    {
        var urls = options.UrlList();
        if (urls.Count == 0)
        {
            return ValidateOptionsResult.Fail("Web:Urls must not be empty");
        }
        foreach (var url in urls)
        {
            if (!IsListenUrl(url))
            {
                return ValidateOptionsResult.Fail($"Web:Urls must be an absolute http(s) URL (got '{url}')");
            }
        }
        return ValidateOptionsResult.Success;
    }

    /// <summary>Kestrel also accepts '*' and '+' as "every address", which <see cref="Uri"/> does not parse.</summary>
    public static bool IsListenUrl(string url)
    {
        var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal)
            .Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        return Uri.TryCreate(normalized, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.AbsolutePath == "/"
            && string.IsNullOrEmpty(uri.Query);
    }
}
