using System.Text;

namespace ChatBot.Testing.Fakes;

/// <summary>
/// What the fake site answers. <see cref="Stall"/> accepts and never answers; <see cref="StreamBytes"/>
/// sends that many bytes chunked (no Content-Length) without holding them in memory;
/// <see cref="ETag"/> makes a matching If-None-Match answer 304.
/// </summary>
public sealed record SiteResponse(
    int Status,
    string? ContentType = null,
    byte[]? Body = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    bool Stall = false,
    long StreamBytes = 0,
    string? ETag = null)
{
    public static SiteResponse Html(string html, string? etag = null) => new(200, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html), ETag: etag);

    public static SiteResponse Xml(string xml, string type = "application/rss+xml", string? etag = null) => new(200, type, Encoding.UTF8.GetBytes(xml), ETag: etag);

    public static SiteResponse Text(string text, string type = "text/plain") => new(200, type, Encoding.UTF8.GetBytes(text));

    public static SiteResponse Redirect(string location, int status = 302) => new(status, Headers: new Dictionary<string, string> { ["Location"] = location });

    public static SiteResponse Code(int status) => new(status, "text/plain", Encoding.UTF8.GetBytes($"status {status}"));
}
