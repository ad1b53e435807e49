using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ChatBot.Core.Sources.Fetching;

/// <summary>
/// Fetches one URL politely and defensively: http(s) only, robots.txt honoured on every hop, one
/// request per host per <see cref="SourceOptions.PerHostDelay"/>, redirects followed by hand
/// (bounded, loops detected, each hop re-checked), bodies counted while read (after
/// decompression, so a gzip bomb stops at the limit), binary content refused. Retries, timeouts
/// and the circuit breaker come from the named client's resilience pipeline.
/// </summary>
public sealed class WebFetcher(IHttpClientFactory clients, RobotsCache robots, HostThrottle throttle, IOptions<SourceOptions> options, TimeProvider time)
{
    public const string ClientName = "ChatBot.Sources";

    private static readonly string[] BinaryPrefixes = ["image/", "audio/", "video/", "font/", "model/"];

    private static readonly HashSet<string> BinaryTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/zip", "application/gzip", "application/x-gzip", "application/x-tar", "application/x-7z-compressed",
        "application/x-rar-compressed", "application/vnd.rar", "application/x-msdownload", "application/wasm",
        "application/vnd.ms-excel", "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/x-shockwave-flash",
    };

    private SourceOptions Options => options.Value;

    /// <exception cref="FetchFailedException">The fetch failed; the message says why.</exception>
    public async Task<FetchResponse> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        var url = request.Url;
        var visited = new HashSet<string>(StringComparer.Ordinal) { Key(url) };
        for (var hop = 0; ; hop++)
        {
            EnsureHttp(url);
            if (request.CheckRobots)
            {
                var rules = await robots.RulesForAsync(url, this, cancellationToken);
                if (!rules.Allows(url.PathAndQuery))
                {
                    throw new FetchFailedException(FetchFailureKind.RobotsDisallowed, $"robots.txt of {url.Authority} disallows {url.PathAndQuery}{rules.Origin}");
                }
            }
            await throttle.WaitAsync(url.Authority, cancellationToken);

            using var message = new HttpRequestMessage(HttpMethod.Get, url);
            message.Headers.Accept.ParseAdd("text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, application/json;q=0.8, application/pdf;q=0.8, text/plain;q=0.5, */*;q=0.1");
            if (request.ETag is { Length: > 0 } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
            {
                message.Headers.IfNoneMatch.Add(tag);
            }
            if (request.LastModified is { Length: > 0 } modified && DateTimeOffset.TryParse(modified, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since))
            {
                message.Headers.IfModifiedSince = since;
            }

            using var response = await SendAsync(message, url, cancellationToken);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && status != 304)
            {
                var location = response.Headers.Location
                    ?? throw new FetchFailedException(FetchFailureKind.HttpError, $"{url} answered {status} without a Location");
                var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                if (!visited.Add(Key(next)))
                {
                    throw new FetchFailedException(FetchFailureKind.RedirectLoop, $"redirect loop: {url} leads back to {next}");
                }
                if (hop + 1 > Options.MaxRedirects)
                {
                    throw new FetchFailedException(FetchFailureKind.TooManyRedirects, $"more than {Options.MaxRedirects} redirects from {request.Url}");
                }
                url = next;
                continue;
            }
            if (status == 304)
            {
                return new FetchResponse(url, true, [], BodyKind.Html, null, null, request.ETag, request.LastModified);
            }
            if (status is 404 or 410)
            {
                throw new FetchFailedException(status == 404 ? FetchFailureKind.NotFound : FetchFailureKind.Gone, $"{url} answered {status} {(status == 404 ? "Not Found" : "Gone")}");
            }
            if (status >= 500)
            {
                throw new FetchFailedException(FetchFailureKind.ServerError, $"{url} answered {status} (server error)");
            }
            if (status is < 200 or >= 300)
            {
                throw new FetchFailedException(FetchFailureKind.HttpError, $"{url} answered {status}");
            }
            return await ReadAsync(response, url, cancellationToken);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            return await clients.CreateClient(ClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception ex) when (Classify(ex, url, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    private async Task<FetchResponse> ReadAsync(HttpResponseMessage response, Uri url, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType?.Trim().ToLowerInvariant();
        var declared = KindOf(mediaType);
        if (declared is null && mediaType is not null && (BinaryPrefixes.Any(mediaType.StartsWith) || BinaryTypes.Contains(mediaType)))
        {
            throw new FetchFailedException(FetchFailureKind.BinaryContent, $"{url} is binary content ({mediaType})");
        }
        var max = Options.MaxBodyBytes;
        if (response.Content.Headers.ContentLength is { } length && length > max)
        {
            throw new FetchFailedException(FetchFailureKind.TooLarge, $"{url} is {length:N0} bytes, over the {max:N0}-byte limit (ChatBot:Sources:MaxBodyBytes)");
        }

        using var timeout = new CancellationTokenSource(Options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        byte[] body;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, linked.Token)) > 0)
            {
                if (buffer.Length + read > max)
                {
                    throw new FetchFailedException(FetchFailureKind.TooLarge, $"{url} is over the {max:N0}-byte limit (ChatBot:Sources:MaxBodyBytes; counted while reading)");
                }
                buffer.Write(chunk, 0, read);
            }
            body = buffer.ToArray();
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new FetchFailedException(FetchFailureKind.Timeout, $"{url} did not finish sending within {Options.RequestTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidDataException)
        {
            throw new FetchFailedException(FetchFailureKind.Unreachable, $"reading {url} failed: {ex.Message}", ex);
        }

        var kind = declared ?? Sniff(body) ?? throw new FetchFailedException(FetchFailureKind.BinaryContent, $"{url} is binary content ({mediaType ?? "no content type"})");
        if (kind != BodyKind.Pdf && body.AsSpan(0, Math.Min(body.Length, 8192)).IndexOf((byte)0) >= 0)
        {
            throw new FetchFailedException(FetchFailureKind.BinaryContent, $"{url} is binary content (NUL bytes in a {mediaType ?? "text"} body)");
        }
        return new FetchResponse(
            url,
            false,
            body,
            kind,
            mediaType,
            response.Content.Headers.ContentType?.CharSet,
            response.Headers.ETag?.ToString(),
            response.Content.Headers.LastModified?.ToString("R"));
    }

    private static BodyKind? KindOf(string? mediaType) => mediaType switch
    {
        "text/html" or "application/xhtml+xml" => BodyKind.Html,
        "application/rss+xml" or "application/atom+xml" or "application/rdf+xml" or "application/xml" or "text/xml" => BodyKind.Xml,
        "application/feed+json" or "application/json" => BodyKind.Json,
        "application/pdf" => BodyKind.Pdf,
        "text/plain" => BodyKind.Text,
        _ => null,
    };

    private static BodyKind? Sniff(byte[] body)
    {
        if (body.AsSpan().StartsWith("%PDF-"u8))
        {
            return BodyKind.Pdf;
        }
        var head = body.AsSpan(0, Math.Min(body.Length, 8192));
        if (head.IndexOf((byte)0) >= 0)
        {
            return null;
        }
        var text = System.Text.Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<rss", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<feed", StringComparison.OrdinalIgnoreCase))
        {
            return BodyKind.Xml;
        }
        if (text.StartsWith('<'))
        {
            return BodyKind.Html;
        }
        return text.StartsWith('{') ? BodyKind.Json : null;
    }

    private FetchFailedException? Classify(Exception ex, Uri url, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is AddressRefusedException refused)
            {
                return new FetchFailedException(FetchFailureKind.Refused, $"refused {url}: {refused.Message}", ex);
            }
        }
        return ex switch
        {
            TimeoutRejectedException or TaskCanceledException or OperationCanceledException =>
                new FetchFailedException(FetchFailureKind.Timeout, $"{url} did not answer within {Options.RequestTimeout.TotalSeconds:0.#} s", ex),
            BrokenCircuitException =>
                new FetchFailedException(FetchFailureKind.CircuitOpen, $"{url.Authority} failed repeatedly; requests to it are paused for a while (circuit open)", ex),
            HttpRequestException http =>
                new FetchFailedException(FetchFailureKind.Unreachable, $"{url.Authority} is unreachable: {http.Message}", ex),
            IOException io => new FetchFailedException(FetchFailureKind.Unreachable, $"{url.Authority} is unreachable: {io.Message}", ex),
            _ => null,
        };
    }

    private static void EnsureHttp(Uri url)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new FetchFailedException(FetchFailureKind.Refused, $"refused {url}: only http and https are fetched");
        }
    }

    private static string Key(Uri url) => url.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);
}
