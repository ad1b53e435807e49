using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ChatBot.Testing.Fakes;

/// <summary>
/// A scriptable HTTP/1.1 site on a loopback port (raw sockets, one request per connection), so
/// tests control every byte a hostile server could send: stalls, endless bodies, lying headers.
/// Unmapped paths (robots.txt included) answer 404.
/// </summary>
public sealed class FakeSite : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Func<SiteRequest, SiteResponse>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SiteRequest> _requests = new();
    private readonly Task _accepting;

    public FakeSite(IPAddress? address = null)
    {
        _listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        BaseUrl = new Uri($"http://{(address ?? IPAddress.Loopback)}:{Port}/");
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public Uri BaseUrl { get; }

    public IReadOnlyList<SiteRequest> Requests => _requests.ToList();

    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery);

    public void Map(string pathAndQuery, SiteResponse response) => _routes[pathAndQuery] = _ => response;

    public void Map(string pathAndQuery, Func<SiteRequest, SiteResponse> respond) => _routes[pathAndQuery] = respond;

    public int CountOf(string pathAndQuery) => _requests.Count(r => r.PathAndQuery == pathAndQuery);

    /// <summary>A loopback port nothing listens on (bound then released).</summary>
    public static int ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream);
                if (request is null)
                {
                    return;
                }
                _requests.Enqueue(request);
                var path = request.PathAndQuery;
                var respond = _routes.GetValueOrDefault(path) ?? _routes.GetValueOrDefault(path.Split('?')[0]);
                var response = respond?.Invoke(request) ?? SiteResponse.Code(404);
                if (response.Stall)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    return;
                }
                if (response.ETag is { } etag && request.Header("If-None-Match") == etag)
                {
                    response = new SiteResponse(304, ETag: etag);
                }
                await WriteAsync(stream, response);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away (as a fetcher that hit its size limit does).
            }
        }
    }

    private static async Task<SiteRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length));
            if (read == 0)
            {
                return null;
            }
            length += read;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }
            var lines = text[..end].Split("\r\n");
            var parts = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':');
                if (colon > 0)
                {
                    headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
                }
            }
            return new SiteRequest(parts[0], parts.Length > 1 ? parts[1] : "/", headers);
        }
        return null;
    }

    private static async Task WriteAsync(NetworkStream stream, SiteResponse response)
    {
        var head = new StringBuilder();
        head.Append($"HTTP/1.1 {response.Status} {(HttpStatusCode)response.Status}\r\n");
        head.Append("Connection: close\r\n");
        if (response.ContentType is { } type)
        {
            head.Append($"Content-Type: {type}\r\n");
        }
        if (response.ETag is { } etag)
        {
            head.Append($"ETag: {etag}\r\n");
        }
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            head.Append($"{name}: {value}\r\n");
        }
        var streaming = response.StreamBytes > 0;
        var body = response.Status == 304 ? [] : response.Body ?? [];
        if (streaming)
        {
            head.Append("Transfer-Encoding: chunked\r\n");
        }
        else if (response.Headers?.ContainsKey("Content-Length") != true)
        {
            head.Append($"Content-Length: {body.Length}\r\n");
        }
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        if (!streaming)
        {
            await stream.WriteAsync(body);
            return;
        }
        var chunk = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
        var prefix = Encoding.ASCII.GetBytes($"{chunk.Length:X}\r\n");
        for (long sent = 0; sent < response.StreamBytes; sent += chunk.Length)
        {
            await stream.WriteAsync(prefix);
            await stream.WriteAsync(chunk);
            await stream.WriteAsync("\r\n"u8.ToArray());
        }
        await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
