using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace ChatBot.Host.Web;

/// <summary>
/// The chat page's static files, embedded in the assembly so the page is served whatever the
/// content root or working directory is, and never fetched from anywhere else.
/// </summary>
public sealed class ChatPage
{
    // Everything comes from this host; inline script and foreign origins are refused by the browser.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/chat.css", "chat.css", "text/css; charset=utf-8"),
        ("/chat.js", "chat.js", "text/javascript; charset=utf-8"),
    ];

    private readonly Dictionary<string, Asset> _assets;

    public ChatPage()
    {
        var assembly = typeof(ChatPage).Assembly;
        _assets = Files.ToDictionary(f => f.Path, f => Load(assembly, f.Resource, f.ContentType), StringComparer.Ordinal);
    }

    public IEnumerable<string> Paths => _assets.Keys;

    public IResult Serve(HttpContext context)
    {
        var asset = _assets[context.Request.Path.HasValue ? context.Request.Path.Value! : "/"];
        var headers = context.Response.Headers;
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.CacheControl] = "no-cache";
        headers[HeaderNames.ETag] = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static Asset Load(Assembly assembly, string resource, string contentType)
    {
        var name = "ChatBot.Host.Web.Page." + resource;
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The chat page resource '{name}' is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var content = copy.ToArray();
        return new Asset(content, contentType, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
    }

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
