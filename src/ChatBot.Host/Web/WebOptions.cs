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
