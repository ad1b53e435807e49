using Microsoft.Extensions.Options;

namespace ChatBot.Host.Web;

/// <summary>Bound to <c>Web</c>: where the worker listens when no explicit URLs were given.</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>One or more absolute http(s) URLs separated by ';' (as ASP.NET Core's <c>urls</c> setting).</summary>
    public string Urls { get; set; } = "http://localhost:5000";

    public IReadOnlyList<string> UrlList() =>
        Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

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
