using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatBot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace ChatBot.Discord.Gateway;

/// <summary>
/// One gateway session over <see cref="ClientWebSocket"/> for one shard: hello, heartbeats with
/// jitter and zombie detection, identify (with <c>[shard_id, num_shards]</c>) or resume, op 7 and
/// op 9, and a close-code policy that gives up on fatal codes instead of reconnecting forever.
/// </summary>
public sealed class GatewayShard
{
    /// <summary>Connections in a row that never got READY/RESUMED before the session is given up.</summary>
    private const int MaxResumeFailures = 3;

    private readonly IdentifyGate _gate;
    private readonly DiscordOptions _options;
    private readonly IGatewayDispatchHandler _dispatcher;
    private readonly DiscordBotIdentity _identity;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SlidingWindowLimiter _sendBudget;
    private GatewaySession? _session;
    private long _events;
    private long _connections;
    private long _identifies;
    private long _resumes;
    private long _heartbeatLatencyTicks = -1;

    internal GatewayShard(ShardId shard, IdentifyGate gate, DiscordOptions options, IGatewayDispatchHandler dispatcher, DiscordBotIdentity identity, TimeProvider time, ILogger<GatewayShard> logger)
    {
        Shard = shard;
        _gate = gate;
        _options = options;
        _dispatcher = dispatcher;
        _identity = identity;
        _time = time;
        _logger = logger;
        // Discord's outbound limit is per connection: 120 gateway messages per 60 s.
        _sendBudget = new SlidingWindowLimiter(120, TimeSpan.FromSeconds(60), time);
    }

    public ShardId Shard { get; }

    public GatewayStatus Status { get; private set; } = GatewayStatus.Off;

    /// <summary>Why the shard stopped for good (fatal close code, rejected token).</summary>
    public ShardExit? Exit { get; private set; }

    /// <summary>The other worker last seen holding the shard's lease (for logs: once per holder).</summary>
    internal string? LastHolder { get; set; }

    /// <summary>This worker's hold on the shard's lease while a session runs (null: no lease in use).</summary>
    internal ShardTenure? Tenure { get; set; }

    /// <summary>While <see cref="Status"/> is <see cref="GatewayStatus.Waiting"/>: what it waits for.</summary>
    public string? WaitReason { get; private set; }

    public ShardSnapshot Snapshot()
    {
        var latency = Interlocked.Read(ref _heartbeatLatencyTicks);
        return new ShardSnapshot(Shard, Status, Exit?.Reason ?? WaitReason, Interlocked.Read(ref _events), Interlocked.Read(ref _connections),
            Interlocked.Read(ref _identifies), Interlocked.Read(ref _resumes), latency < 0 ? null : TimeSpan.FromTicks(latency));
    }

    /// <summary>Marks the shard as run by another worker (it holds the shard's lease), with who and until when.</summary>
    internal void Standby(string reason)
    {
        WaitReason = reason;
        Status = GatewayStatus.Standby;
    }

    /// <summary>Marks the shard as given up, with the reason for logs and health.</summary>
    internal void Stop(ShardExit exit)
    {
        Exit = exit;
        Status = GatewayStatus.Stopped;
        _logger.LogCritical("{Reason}", exit.Reason);
    }

    /// <summary>Keeps the session alive until cancelled (closing it normally) or until reconnecting cannot help.</summary>
    /// <returns>Why the shard gives up, or null when cancelled.</returns>
    internal async Task<ShardExit?> RunAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var gatewayUrl = _gate.Last is { } known ? new Uri(known.Url) : null;
        WaitReason = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Status = GatewayStatus.Connecting;
                if (failures >= MaxResumeFailures && _session is not null)
                {
                    _logger.LogWarning("Discord gateway {Shard}: resuming failed {Failures} times; identifying afresh", Shard, failures);
                    _session = null;
                }
                try
                {
                    if (_session is null || gatewayUrl is null)
                    {
                        var info = await _gate.ReadAsync(fresh: false, stoppingToken);
                        gatewayUrl = new Uri(info.Url);
                        if (_session is null && info.SessionStartLimit is { Remaining: <= 0 } limit)
                        {
                            throw new SessionStartLimitException(limit);
                        }
                    }
                    if (Tenure is { } tenure && !await tenure.ConfirmAsync(stoppingToken))
                    {
                        // Paused or cut off past the lease: another worker may run the shard now. Never
                        // identify or resume without it; the caller stands by and asks for it again.
                        _logger.LogWarning("Discord gateway {Shard}: this worker no longer holds the shard's lease; not connecting", Shard);
                        return null;
                    }
                    var url = _session?.ResumeUrl ?? gatewayUrl;
                    var (action, meaning, code, reachedReady) = await RunConnectionAsync(url, gatewayUrl, stoppingToken);
                    if (stoppingToken.IsCancellationRequested)
                    {
                        break;
                    }
                    failures = reachedReady ? 0 : failures + 1;
                    switch (action)
                    {
                        case CloseAction.Fatal:
                            return new ShardExit($"Discord gateway {Shard} closed the connection: {meaning}. Not reconnecting.", code);
                        case CloseAction.Reidentify:
                            _session = null;
                            _logger.LogInformation("Discord gateway {Shard}: {Meaning}; identifying afresh", Shard, meaning);
                            break;
                        default:
                            _logger.LogInformation("Discord gateway {Shard}: {Meaning}; {Next}", Shard, meaning, _session is null ? "identifying afresh" : "resuming");
                            break;
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (SessionStartLimitException e)
                {
                    await WaitForSessionStartResetAsync(e, stoppingToken);
                    continue;
                }
                catch (DiscordApiException e) when (e.Status is System.Net.HttpStatusCode.Unauthorized)
                {
                    return new ShardExit("Discord rejected the bot token (401 on /gateway/bot); check Discord:Token. Not reconnecting.");
                }
                catch (GatewayProtocolException e)
                {
                    failures++;
                    _logger.LogWarning("Discord gateway {Shard} sent a payload it cannot use ({Error}); reconnecting", Shard, e.Message);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // Whatever Discord (or anyone on the path) sends, the gateway must not take the host down:
                    // the web chat, Teams and HTTP interactions keep serving while this reconnects.
                    failures++;
                    _logger.LogWarning(e is WebSocketException or HttpRequestException or DiscordApiException or IOException ? null : e,
                        "Discord gateway {Shard} connection failed: {Error}; reconnecting", Shard, e.Message);
                }

                await Task.Delay(ReconnectDelay(failures), _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            return null;
        }
        finally
        {
            if (Status != GatewayStatus.Stopped)
            {
                Status = GatewayStatus.Off;
            }
        }
    }

    /// <summary>
    /// Waits out <c>reset_after</c> (plus a little, so the budget has surely reset) and reads the
    /// budget afresh, instead of giving up until someone restarts the worker.
    /// </summary>
    private async Task WaitForSessionStartResetAsync(SessionStartLimitException e, CancellationToken stoppingToken)
    {
        WaitReason = e.Message;
        Status = GatewayStatus.Waiting;
        _logger.LogError("Discord gateway {Shard}: {Reason}", Shard, e.Message);
        var wait = TimeSpan.FromMilliseconds(Math.Max(0, e.Limit.ResetAfter)) + TimeSpan.FromSeconds(1 + Random.Shared.NextDouble() * 4);
        await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _gate.ReadAsync(fresh: true, stoppingToken);
            }
            catch (Exception read) when (read is not OperationCanceledException)
            {
                // The loop reads again before connecting and handles the failure there.
            }
        }
        WaitReason = null;
    }

    private TimeSpan ReconnectDelay(int failures)
    {
        if (failures == 0)
        {
            return TimeSpan.Zero;
        }
        var ceiling = TimeSpan.FromMilliseconds(Math.Min(_options.Gateway.ReconnectDelayMax.TotalMilliseconds, 250 * Math.Pow(2, failures)));
        return ceiling * Random.Shared.NextDouble();
    }

    private static Uri WithGatewayQuery(Uri url)
    {
        var builder = new UriBuilder(url);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length > 0 ? query + "&" : "") + "v=10&encoding=json";
        return builder.Uri;
    }

    private async Task<(CloseAction Action, string Meaning, GatewayCloseCode? Code, bool ReachedReady)> RunConnectionAsync(Uri url, Uri gatewayUrl, CancellationToken stoppingToken)
    {
        using var socket = new ClientWebSocket();
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Interlocked.Increment(ref _connections);
        await socket.ConnectAsync(WithGatewayQuery(url), stoppingToken);
        var state = new ConnectionState(socket, gatewayUrl);
        // Cancelling a pending receive would abort the socket without a close frame; on shutdown,
        // close normally instead (ending the session so the bot shows offline) and let the receive see it.
        using var onStop = stoppingToken.Register(() => _ = CloseOnShutdownAsync(socket));
        Task? heartbeater = null;
        try
        {
            var hello = await ReceiveAsync(socket, CancellationToken.None);
            if (hello is null || hello.Opcode != GatewayOpcode.Hello)
            {
                return (CloseAction.Resume, "no hello received", null, false);
            }
            var interval = hello.DataAs(DiscordJsonContext.Default.HelloData).Interval;
            heartbeater = HeartbeatAsync(state, interval, connection.Token);

            if (_session is { } session)
            {
                Interlocked.Increment(ref _resumes);
                await SendAsync(state, new GatewayCommand<ResumeData>(GatewayOpcode.Resume, new ResumeData(_options.Token!, session.SessionId, session.Sequence)),
                    DiscordJsonContext.Default.ResumeCommand, stoppingToken);
            }
            else
            {
                var identify = new GatewayCommand<IdentifyData>(GatewayOpcode.Identify, new IdentifyData(
                    _options.Token!,
                    (int)GatewayIntents.For(_options.Gateway.MessageContent),
                    IdentifyProperties.ForThisProcess,
                    [Shard.Id, Shard.Count]));
                await _gate.IdentifyAsync(Shard, ct => SendAsync(state, identify, DiscordJsonContext.Default.IdentifyCommand, ct), stoppingToken);
                Interlocked.Increment(ref _identifies);
            }

            while (true)
            {
                GatewayFrame? frame;
                try
                {
                    frame = await ReceiveAsync(socket, CancellationToken.None);
                }
                catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
                {
                    return state.Zombied
                        ? (CloseAction.Resume, "no heartbeat ACK (zombied connection)", null, state.ReachedReady)
                        : (CloseAction.Resume, "connection lost", null, state.ReachedReady);
                }
                if (frame is null)
                {
                    if (state.Zombied)
                    {
                        return (CloseAction.Resume, "no heartbeat ACK (zombied connection)", null, state.ReachedReady);
                    }
                    var code = (int?)socket.CloseStatus;
                    var (action, meaning) = GatewayClosePolicy.For(code);
                    return (action, meaning, (GatewayCloseCode?)code, state.ReachedReady);
                }

                if (frame.S is { } seq && _session is not null)
                {
                    _session.Sequence = seq;
                }
                switch (frame.Opcode)
                {
                    case GatewayOpcode.Dispatch:
                        OnDispatch(state, frame);
                        break;
                    case GatewayOpcode.Heartbeat:
                        await SendHeartbeatAsync(state, stoppingToken);
                        break;
                    case GatewayOpcode.HeartbeatAck:
                        state.Acked = true;
                        if (state.LastBeat is { } sent)
                        {
                            Interlocked.Exchange(ref _heartbeatLatencyTicks, (_time.GetUtcNow() - sent).Ticks);
                        }
                        break;
                    case GatewayOpcode.Reconnect:
                        await CloseForResumeAsync(socket);
                        return (CloseAction.Resume, "Discord asked to reconnect (op 7)", null, state.ReachedReady);
                    case GatewayOpcode.InvalidSession:
                        var resumable = frame.D.ValueKind == JsonValueKind.True;
                        await CloseForResumeAsync(socket);
                        if (!resumable)
                        {
                            _session = null;
                            await DelayInvalidSessionAsync(stoppingToken);
                        }
                        return (resumable ? CloseAction.Resume : CloseAction.Reidentify, $"invalid session (op 9, d: {(resumable ? "true" : "false")})", null, state.ReachedReady);
                }
            }
        }
        finally
        {
            await connection.CancelAsync();
            if (heartbeater is not null)
            {
                await heartbeater.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            socket.Abort();
        }
    }

    private void OnDispatch(ConnectionState state, GatewayFrame frame)
    {
        switch (frame.T)
        {
            case "READY":
                var ready = frame.DataAs(DiscordJsonContext.Default.ReadyData).Validate();
                var resumeUrl = ready.ResumeUrl;
                if (resumeUrl is null)
                {
                    _logger.LogWarning("Discord READY on {Shard} carried no usable resume_gateway_url; resuming on the main gateway url instead", Shard);
                }
                _session = new GatewaySession(ready.SessionId, resumeUrl ?? state.GatewayUrl) { Sequence = frame.S };
                _identity.UserId = ready.UserId;
                state.ReachedReady = true;
                Status = GatewayStatus.Ready;
                _logger.LogInformation("Discord gateway {Shard} ready as user {UserId}", Shard, ready.UserId);
                break;
            case "RESUMED":
                state.ReachedReady = true;
                Status = GatewayStatus.Ready;
                _logger.LogInformation("Discord gateway {Shard} session resumed", Shard);
                break;
            case { } type when Tenure is { IsValid: false }:
                // The lease ran out by this worker's clock (it was paused, or the store is out of
                // reach): another worker may hold the shard and get this event too. The renewal loop
                // closes this session; until then nothing is acted on.
                _logger.LogWarning("Discord gateway {Shard}: {Type} ignored, this worker's lease on the shard ran out", Shard, type);
                break;
            case { } type:
                Interlocked.Increment(ref _events);
                try
                {
                    _dispatcher.OnDispatch(type, frame.D);
                }
                catch (Exception e)
                {
                    // One bad event must not take the connection down.
                    _logger.LogError(e, "Discord dispatch {Type} on {Shard} failed", type, Shard);
                }
                break;
        }
    }

    private async Task DelayInvalidSessionAsync(CancellationToken cancellationToken)
    {
        var min = _options.Gateway.InvalidSessionDelayMin;
        var max = _options.Gateway.InvalidSessionDelayMax;
        await Task.Delay(min + (max - min) * Random.Shared.NextDouble(), _time, cancellationToken);
    }

    private async Task HeartbeatAsync(ConnectionState state, TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            // The first beat is jittered so many clients reconnecting at once do not beat in step.
            await Task.Delay(interval * Random.Shared.NextDouble(), _time, cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!state.Acked)
                {
                    _logger.LogWarning("Discord gateway {Shard} missed a heartbeat ACK; reconnecting", Shard);
                    state.Zombied = true;
                    await CloseForResumeAsync(state.Socket);
                    state.Socket.Abort();
                    return;
                }
                state.Acked = false;
                await SendHeartbeatAsync(state, cancellationToken);
                await Task.Delay(interval, _time, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private Task SendHeartbeatAsync(ConnectionState state, CancellationToken cancellationToken)
    {
        state.LastBeat = _time.GetUtcNow();
        return SendAsync(state, new GatewayCommand<int?>(GatewayOpcode.Heartbeat, _session?.Sequence), DiscordJsonContext.Default.HeartbeatCommand, cancellationToken);
    }

    private async Task SendAsync<T>(ConnectionState state, T payload, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await _sendBudget.WaitAsync(cancellationToken);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, type);
        await state.SendLock.WaitAsync(cancellationToken);
        try
        {
            await state.Socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            state.SendLock.Release();
        }
    }

    private static async Task CloseOnShutdownAsync(ClientWebSocket socket)
    {
        await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "shutting down");
        // Discord answers a close frame; if it does not, stop waiting for it.
        await Task.Delay(TimeSpan.FromSeconds(2));
        socket.Abort();
    }

    /// <summary>A close code other than 1000/1001 keeps the session resumable.</summary>
    private static Task CloseForResumeAsync(ClientWebSocket socket) => CloseAsync(socket, (WebSocketCloseStatus)4000, "reconnecting");

    private static async Task CloseAsync(ClientWebSocket socket, WebSocketCloseStatus status, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        try
        {
            // Sending one frame takes microseconds; the bound only stops a dead peer holding up
            // shutdown, and is wide because a starved thread pool (a loaded host) can take seconds
            // to run the send, which would turn a clean close into an abort.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.CloseOutputAsync(status, reason, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <returns>Null when the server closed the socket.</returns>
    private static async Task<GatewayFrame?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var result = await socket.ReceiveAsync(memory, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                break;
            }
            if (buffer.WrittenCount > 16 * 1024 * 1024)
            {
                throw new IOException("Gateway message larger than 16 MB");
            }
        }

        return GatewayFrame.Parse(buffer.WrittenMemory);
    }

    private sealed class ConnectionState(ClientWebSocket socket, Uri gatewayUrl)
    {
        public ClientWebSocket Socket { get; } = socket;

        /// <summary>Where to resume when READY named no resume url.</summary>
        public Uri GatewayUrl { get; } = gatewayUrl;

        public SemaphoreSlim SendLock { get; } = new(1, 1);

        public volatile bool Acked = true;

        public volatile bool Zombied;

        public bool ReachedReady { get; set; }

        public DateTimeOffset? LastBeat { get; set; }
    }
}
