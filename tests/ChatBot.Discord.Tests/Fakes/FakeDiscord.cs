using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatBot.Discord.Tests.Fakes;

/// <summary>
/// A local stand-in for Discord: REST routes that record what they receive, a scriptable
/// WebSocket gateway, interaction callback and webhook routes. One instance per test.
/// </summary>
public sealed class FakeDiscord : IAsyncDisposable
{
    public const string BotId = "900000000000000001";
    public const string ApplicationId = "900000000000000002";
    public const string Token = "fake-bot-token";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedResponse> _scripted = new();
    private readonly ConcurrentQueue<Func<FakeGatewayConnection, Task>> _scripts = new();
    private readonly ConcurrentDictionary<string, (string Id, DateTimeOffset At)> _messageByNonce = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(string ChannelId, JsonNode Body, string Id)> _messages = [];
    private readonly List<FakeGatewayConnection> _connections = [];
    private readonly Dictionary<string, FakeGatewaySession> _sessions = [];
    private readonly List<(int ShardId, int ShardCount, DateTimeOffset At)> _identified = [];
    private readonly Lock _lock = new();
    private long _nextId = 910000000000000000;
    private int _sessionCount;
    private int _sessionStartRemaining = 999;
    private int _identifies;
    private int _identifyRateViolations;
    private int _overlappingIdentifies;
    private FakeGatewaySession? _latest;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeDiscord(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUrl { get; private set; } = null!;

    public string ApiBaseUrl => new Uri(BaseUrl, "api/v10").ToString();

    /// <summary>
    /// Discord's own order of magnitude by default: a short interval turns a loaded test machine's
    /// late ACK into a "zombie" reconnect the test did not ask for. Heartbeat tests shorten it.
    /// </summary>
    public int HeartbeatIntervalMs { get; set; } = 41_250;

    /// <summary>The most recent session's id.</summary>
    public string? SessionId { get { lock (_lock) { return _latest?.Id; } } }

    /// <summary>What <c>GET /gateway/bot</c> recommends as <c>shards</c>.</summary>
    public int RecommendedShards { get; set; } = 1;

    /// <summary>An identify with fewer shards (or none) than this is closed with 4011, as Discord does past 2,500 guilds per shard.</summary>
    public int RequiredShards { get; set; } = 1;

    /// <summary>A shard id this Discord rejects with 4010 "invalid shard" (it disagrees about the shard layout).</summary>
    public int? RejectedShardId { get; set; }

    /// <summary><c>session_start_limit.max_concurrency</c>: identify buckets are <c>shard_id % max_concurrency</c>.</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>When positive, a second identify in one bucket within this window is a rate-limit violation, answered with op 9.</summary>
    public TimeSpan IdentifyWindow { get; set; }

    /// <summary>Identifies that came too soon after another in the same bucket.</summary>
    public int IdentifyRateViolations => Volatile.Read(ref _identifyRateViolations);

    /// <summary>Identifies of a shard that still had another open, ready connection (two sessions for one shard at once).</summary>
    public int OverlappingIdentifies { get { lock (_lock) { return _overlappingIdentifies; } } }

    /// <summary>Every accepted identify: the shard it asked for and when.</summary>
    public IReadOnlyList<(int ShardId, int ShardCount, DateTimeOffset At)> Identified { get { lock (_lock) { return _identified.ToList(); } } }

    /// <summary>The id handed out for the most recent thread the bot started.</summary>
    public string? LastThreadId { get; private set; }

    /// <summary>The most recent session's last sequence number.</summary>
    public int Sequence { get { lock (_lock) { return _latest?.Sequence ?? 0; } } }

    /// <summary>True: on resume, replay every event since READY, even those the client acknowledged by seq.</summary>
    public bool ReplayEverythingOnResume { get; set; }

    /// <summary>What <c>GET /gateway/bot</c> reports as <c>session_start_limit.remaining</c>; every identify spends one.</summary>
    public int SessionStartRemaining { get => Volatile.Read(ref _sessionStartRemaining); set => Volatile.Write(ref _sessionStartRemaining, value); }

    /// <summary>What <c>GET /gateway/bot</c> reports as <c>session_start_limit.reset_after</c> (milliseconds).</summary>
    public long SessionStartResetAfterMs { get; set; } = 3_600_000;

    /// <summary>Identify payloads (op 2) received on any connection.</summary>
    public int Identifies => Volatile.Read(ref _identifies);

    /// <summary>What a connection runs when no <see cref="ScriptConnection"/> is queued (the standard session by default).</summary>
    public Func<FakeGatewayConnection, Task> DefaultSession { get; set; } = StandardSessionAsync;

    public IReadOnlyList<RecordedRequest> Requests { get { lock (_lock) { return _requests.ToList(); } } }

    /// <summary>
    /// How long an enforced nonce is remembered: Discord documents "the past few minutes" (the bot
    /// itself assumes two). Tests shorten it to show a repeat after the window is a new message.
    /// </summary>
    public TimeSpan NonceWindow { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The clock the nonce window is measured on.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Messages actually created (a nonce-enforced repeat does not create a second one).</summary>
    public IReadOnlyList<(string ChannelId, JsonNode Body, string Id)> Messages { get { lock (_lock) { return _messages.ToList(); } } }

    public IReadOnlyList<FakeGatewayConnection> Connections { get { lock (_lock) { return _connections.ToList(); } } }

    public static async Task<FakeDiscord> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeDiscord(app);
        app.UseWebSockets();
        app.Map("/gateway", fake.AcceptGatewayAsync);
        app.Map("/api/v10/{**path}", fake.HandleRestAsync);
        // One Discord seen through a per-worker prefix, so the fake can tell which worker sent what.
        app.Map("/w/{worker}/gateway", fake.AcceptGatewayAsync);
        app.Map("/w/{worker}/api/v10/{**path}", fake.HandleRestAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    public void Script(ScriptedResponse response) => _scripted.Enqueue(response);

    /// <summary>Waits for the edit of a deferred interaction response (<c>PATCH …/messages/@original</c>).</summary>
    public async Task<RecordedRequest> EditOfAsync(string interactionToken, int timeoutMs = 30_000)
    {
        var path = $"webhooks/{ApplicationId}/{interactionToken}/messages/@original";
        await WaitUntilAsync(d => d.Requests.Any(r => r.Method == "PATCH" && r.Path == path), $"the edit of {interactionToken}", timeoutMs);
        return Requests.First(r => r.Method == "PATCH" && r.Path == path);
    }

    /// <summary>The next gateway connection runs <paramref name="script"/> instead of the standard session.</summary>
    public void ScriptConnection(Func<FakeGatewayConnection, Task> script) => _scripts.Enqueue(script);

    public Task WaitUntilAsync(Func<FakeDiscord, bool> condition, string what, int timeoutMs = 30_000) =>
        WaitUntilAsync(() => condition(this), what, timeoutMs);

    public Task WaitUntilAsync(Func<bool> condition, string what, int timeoutMs = 30_000) =>
        WaitUntilAsync(() => Task.FromResult(condition()), what, timeoutMs);

    /// <summary>For conditions that ask the worker's services (awaited, never blocked on).</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int timeoutMs = 30_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }
            if (await condition())
            {
                return;
            }
            try
            {
                await changed.WaitAsync(TimeSpan.FromMilliseconds(100), timeout.Token);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out waiting for: {what}. Requests: {string.Join(", ", Requests.Select(r => r.Method + " " + r.Path))}");
            }
        }
    }

    internal void Changed()
    {
        TaskCompletionSource old;
        lock (_lock)
        {
            old = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        old.TrySetResult();
    }

    /// <summary>
    /// Sends a dispatch the way Discord routes it: to the shard that owns the event's guild
    /// (<c>(guild_id &gt;&gt; 22) % num_shards</c>), DMs to shard 0, on every ready session that owns it.
    /// </summary>
    public async Task DispatchAsync(string type, object data)
    {
        var node = JsonSerializer.SerializeToNode(data)!;
        var guildId = GuildOf(node);
        IReadOnlyList<FakeGatewayConnection> owners = [];
        await WaitUntilAsync(() => (owners = ReadyConnections().Where(c => c.Session!.Owns(guildId)).ToList()).Count > 0,
            $"a ready gateway connection for {(guildId is null ? "DMs" : "guild " + guildId)}");
        foreach (var connection in owners)
        {
            await connection.DispatchAsync(type, node.DeepClone());
        }
    }

    /// <summary>The most recent ready connection (whatever its shard).</summary>
    public async Task<FakeGatewayConnection> CurrentConnectionAsync()
    {
        FakeGatewayConnection? current = null;
        await WaitUntilAsync(() => (current = ReadyConnections().LastOrDefault()) is not null, "a ready gateway connection");
        return current!;
    }

    /// <summary>Open connections with a session, one per shard in a healthy bot.</summary>
    public IReadOnlyList<FakeGatewayConnection> ReadyConnections() => Connections.Where(c => c.Ready && !c.Closed && c.Session is not null).ToList();

    private static ulong? GuildOf(JsonNode data) =>
        data is JsonObject obj && obj["guild_id"] is JsonValue value && value.TryGetValue<string>(out var text) && ulong.TryParse(text, out var id) ? id : null;

    internal FakeGatewaySession NewSession(int shardId, int shardCount)
    {
        lock (_lock)
        {
            if (_connections.Any(c => c.Ready && !c.Closed && c.Session is { } open && open.ShardId == shardId && open.ShardCount == shardCount))
            {
                _overlappingIdentifies++;
            }
            var session = new FakeGatewaySession($"session-{++_sessionCount}", shardId, shardCount);
            _sessions[session.Id] = session;
            _latest = session;
            _identified.Add((shardId, shardCount, DateTimeOffset.UtcNow));
            return session;
        }
    }

    internal FakeGatewaySession? FindSession(string? id)
    {
        lock (_lock)
        {
            return id is not null && _sessions.TryGetValue(id, out var session) ? session : null;
        }
    }

    /// <summary>Forgets every session, as Discord does when a session is invalidated: resumes then get op 9.</summary>
    public void InvalidateSessions()
    {
        lock (_lock)
        {
            _sessions.Clear();
        }
    }

    /// <summary>Checks an identify against the bucket rate limit; false (and a recorded violation) when it came too soon.</summary>
    internal bool TryTakeIdentifySlot(int shardId)
    {
        if (IdentifyWindow <= TimeSpan.Zero)
        {
            return true;
        }
        var key = shardId % Math.Max(1, MaxConcurrency);
        var now = DateTimeOffset.UtcNow;
        lock (_lock)
        {
            if (_identified.Any(i => i.ShardId % Math.Max(1, MaxConcurrency) == key && now - i.At < IdentifyWindow))
            {
                _identifyRateViolations++;
                return false;
            }
            return true;
        }
    }

    public string NewId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string GatewayUrl => $"ws://{BaseUrl.Authority}/gateway";

    /// <summary>The API base for one of several workers: the same Discord, but requests and gateway connections are tagged with <paramref name="worker"/>.</summary>
    public string ApiBaseUrlFor(string worker) => new Uri(BaseUrl, $"w/{worker}/api/v10").ToString();

    internal string GatewayUrlFor(string? worker) => worker is null ? GatewayUrl : $"ws://{BaseUrl.Authority}/w/{worker}/gateway";

    private static string? WorkerOf(HttpContext context) => context.Request.RouteValues.TryGetValue("worker", out var worker) ? worker as string : null;

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holding = new();

    /// <summary>
    /// The next message posted to <paramref name="channelId"/> hangs until <see cref="Release"/> (then it is
    /// created) or until its sender goes away (then it is not): a post in flight when a worker is killed.
    /// Later posts to the channel go through.
    /// </summary>
    /// <param name="afterCreating">Create the message first and hold only the answer: Discord took the post, its sender never learns.</param>
    public void HoldNextMessageTo(string channelId, bool afterCreating = false)
    {
        _holds[channelId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (afterCreating)
        {
            _createBeforeHold[channelId] = true;
        }
        else
        {
            _createBeforeHold.TryRemove(channelId, out _);
        }
    }

    private readonly ConcurrentDictionary<string, bool> _createBeforeHold = new();

    /// <summary>Lets a held message through.</summary>
    public void Release(string channelId)
    {
        if (_holds.TryRemove(channelId, out var waiting))
        {
            waiting.TrySetResult();
        }
        if (_holding.TryRemove(channelId, out var held))
        {
            held.TrySetResult();
        }
    }

    /// <summary>Requests that were held, with the worker that sent each and whether its sender went away.</summary>
    public IReadOnlyList<(RecordedRequest Request, bool Abandoned)> Held { get { lock (_lock) { return _held.ToList(); } } }

    private readonly List<(RecordedRequest Request, bool Abandoned)> _held = [];

    private async Task AcceptGatewayAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new FakeGatewayConnection(this, socket, context.Request.QueryString.Value ?? "", WorkerOf(context));
        lock (_lock)
        {
            _connections.Add(connection);
        }
        Changed();
        var script = _scripts.TryDequeue(out var s) ? s : DefaultSession;
        try
        {
            await script(connection);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            await connection.DisposeAsync();
            Changed();
        }
    }

    public static async Task StandardSessionAsync(FakeGatewayConnection connection)
    {
        await connection.HandshakeAsync();
        await connection.Closing;
    }

    /// <summary>A server that refuses every session: op 9 (not resumable) after each identify or resume.</summary>
    public static async Task InvalidSessionForeverAsync(FakeGatewayConnection connection)
    {
        await connection.SendHelloAsync();
        await connection.ReceiveAsync();
        await connection.SendAsync(new { op = 9, d = false });
        await connection.Closing;
    }

    internal void CountIdentify()
    {
        Interlocked.Increment(ref _identifies);
        Interlocked.Decrement(ref _sessionStartRemaining);
    }

    private async Task HandleRestAsync(HttpContext context)
    {
        var path = (string)context.Request.RouteValues["path"]!;
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }
        var worker = WorkerOf(context);
        var request = new RecordedRequest(context.Request.Method, path, context.Request.Headers.Authorization.FirstOrDefault(), body, DateTimeOffset.UtcNow, worker);
        lock (_lock)
        {
            _requests.Add(request);
        }
        if (request.Method == "POST" && path.Split('/') is ["channels", var heldChannel, "messages"] && _holds.TryRemove(heldChannel, out var hold))
        {
            _holding[heldChannel] = hold;
            (int Status, string? Body)? created = _createBeforeHold.TryRemove(heldChannel, out _) ? Process(request) : null;
            var index = 0;
            lock (_lock)
            {
                index = _held.Count;
                _held.Add((request, false));
            }
            Changed();
            await Task.WhenAny(hold.Task, Task.Delay(Timeout.Infinite, context.RequestAborted));
            if (context.RequestAborted.IsCancellationRequested)
            {
                lock (_lock)
                {
                    _held[index] = (request, true);
                }
                Changed();
                return;
            }
            if (created is { } answer)
            {
                await WriteAsync(context, answer.Status, answer.Body, null);
                Changed();
                return;
            }
        }

        try
        {
            var scripted = NextScripted(request);
            if (scripted is not null && !scripted.ProcessFirst)
            {
                await WriteAsync(context, scripted.Status, scripted.Body, scripted.Headers);
                return;
            }
            var (status, responseBody) = Process(request);
            if (scripted is not null)
            {
                await WriteAsync(context, scripted.Status, scripted.Body, scripted.Headers);
                return;
            }
            await WriteAsync(context, status, responseBody, null);
        }
        finally
        {
            Changed();
        }
    }

    private ScriptedResponse? NextScripted(RecordedRequest request)
    {
        // Only the head of the queue is considered, so scripts apply in the order they were given.
        if (_scripted.TryPeek(out var next) && next.Method == request.Method && request.Path.StartsWith(next.PathPrefix, StringComparison.Ordinal)
            && _scripted.TryDequeue(out var taken))
        {
            return taken;
        }
        return null;
    }

    private (int Status, string? Body) Process(RecordedRequest request)
    {
        var segments = request.Path.Split('/');
        var authenticated = request.Authorization == "Bot " + Token;
        var needsAuth = segments[0] is not ("webhooks" or "interactions");
        if (needsAuth && !authenticated)
        {
            return (401, """{"message":"401: Unauthorized","code":0}""");
        }

        switch (request.Method, segments)
        {
            case ("GET", ["gateway", "bot"]):
                return (200, JsonSerializer.Serialize(new
                {
                    url = GatewayUrlFor(request.Worker),
                    shards = RecommendedShards,
                    session_start_limit = new { total = 1000, remaining = Math.Max(0, SessionStartRemaining), reset_after = SessionStartResetAfterMs, max_concurrency = MaxConcurrency },
                }));
            case ("POST", ["channels", var channel, "messages"]):
                return CreateMessage(channel, request.Json!);
            case ("POST", ["channels", _, "typing"]):
                return (204, null);
            case ("POST", ["channels", _, "messages", _, "threads"]):
                LastThreadId = NewId();
                return (201, JsonSerializer.Serialize(new { id = LastThreadId, type = 11 }));
            case ("PUT", ["applications", ..]):
                return (200, request.Body);
            case ("POST", ["interactions", _, _, "callback"]):
                return (204, null);
            case ("PATCH", ["webhooks", _, _, "messages", "@original"]):
            case ("POST", ["webhooks", _, _]):
                return (200, JsonSerializer.Serialize(new { id = NewId() }));
            default:
                return (404, """{"message":"404: Not Found","code":0}""");
        }
    }

    /// <summary>
    /// As Discord documents <c>enforce_nonce</c>: when true and a nonce is given, a message the same
    /// author created with the same nonce in the past few minutes is returned and no new one is made.
    /// Without <c>enforce_nonce</c> the nonce is only echoed, and after the window it no longer matches.
    /// </summary>
    private (int Status, string Body) CreateMessage(string channel, JsonNode body)
    {
        var nonce = body["nonce"] is JsonValue value ? value.ToString() : null;
        if (nonce is { Length: > 25 })
        {
            return (400, """{"message":"Invalid Form Body","code":50035,"errors":{"nonce":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 25 or fewer in length."}]}}}""");
        }
        var enforce = body["enforce_nonce"]?.GetValue<bool>() == true;
        var now = Clock.GetUtcNow();
        lock (_lock)
        {
            if (enforce && nonce is not null && _messageByNonce.TryGetValue(nonce, out var existing) && now - existing.At < NonceWindow)
            {
                return (200, JsonSerializer.Serialize(new { id = existing.Id, channel_id = channel, nonce }));
            }
            var id = NewId();
            if (nonce is not null)
            {
                _messageByNonce[nonce] = (id, now);
            }
            _messages.Add((channel, body, id));
            return (200, JsonSerializer.Serialize(new { id, channel_id = channel, nonce }));
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, string? body, IReadOnlyDictionary<string, string>? headers)
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }
        if (body is not null && status != 204)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in Connections)
        {
            await connection.DisposeAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
