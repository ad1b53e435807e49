using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using ChatBot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Discord.Gateway;

/// <summary>Receives gateway dispatches (MESSAGE_CREATE, INTERACTION_CREATE, …); must not block.</summary>
public interface IGatewayDispatchHandler
{
    void OnDispatch(string type, JsonElement data);
}



/// <summary>
/// Gateway v10 over <see cref="ClientWebSocket"/>: hello, heartbeats with jitter and zombie
/// detection, identify/resume, op 7 and op 9, and a close-code policy that stops on fatal codes
/// instead of reconnecting forever.
/// </summary>
public sealed class DiscordGatewayClient(
    DiscordRestClient rest,
    IOptions<DiscordOptions> options,
    IGatewayDispatchHandler dispatcher,
    DiscordBotIdentity identity,
    TimeProvider time,
    ILogger<DiscordGatewayClient> logger) : BackgroundService
{
    private const int OpDispatch = 0;
    private const int OpHeartbeat = 1;
    private const int OpIdentify = 2;
    private const int OpResume = 6;
    private const int OpReconnect = 7;
    private const int OpInvalidSession = 9;
    private const int OpHello = 10;
    private const int OpHeartbeatAck = 11;

    /// <summary>Connections in a row that never got READY/RESUMED before the session is given up.</summary>
    private const int MaxResumeFailures = 3;

    private readonly DiscordOptions _options = options.Value;
    private readonly SlidingWindowLimiter _sendBudget = new(120, TimeSpan.FromSeconds(60), time);
    private readonly TaskCompletionSource<string> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SlidingWindowLimiter? _identifyBudget;
    private GatewaySession? _session;

    /// <summary>The last <c>GET /gateway/bot</c> answer, until an identify spends from its budget.</summary>
    private GatewayBotInfo? _freshGatewayInfo;

    public GatewayStatus Status { get; private set; } = GatewayStatus.Off;

    /// <summary>Why the gateway stopped for good (fatal close code, rejected token).</summary>
    public string? StopReason { get; private set; }

    /// <summary>Completes with the reason when the gateway gives up.</summary>
    public Task<string> Stopped => _stopped.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Gateway.Enabled)
        {
            logger.LogInformation("Discord gateway disabled (Discord:Gateway:Enabled=false); interactions come through POST /discord/interactions");
            return;
        }

        var failures = 0;
        Uri? gatewayUrl = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            Status = GatewayStatus.Connecting;
            if (failures >= MaxResumeFailures && _session is not null)
            {
                logger.LogWarning("Discord gateway: resuming failed {Failures} times; identifying afresh", failures);
                _session = null;
            }
            try
            {
                if (_session is null || gatewayUrl is null)
                {
                    // Every identify spends from a daily budget; re-read it before each one.
                    var info = await ReadGatewayInfoAsync(stoppingToken);
                    gatewayUrl = new Uri(info.Url);
                    if (_session is null && info.SessionStartLimit is { Remaining: <= 0 } limit)
                    {
                        Stop($"Discord's session start limit is used up (0 of {limit.Total} identifies left; it resets in {TimeSpan.FromMilliseconds(limit.ResetAfter):g}). Not identifying again: going over it makes Discord reset the bot token. Restart the worker after the reset.");
                        return;
                    }
                }
                var url = _session?.ResumeUrl ?? gatewayUrl;
                var (action, meaning, reachedReady) = await RunConnectionAsync(url, gatewayUrl, stoppingToken);
                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                failures = reachedReady ? 0 : failures + 1;
                switch (action)
                {
                    case CloseAction.Fatal:
                        Stop($"Discord gateway closed the connection: {meaning}. Not reconnecting.");
                        return;
                    case CloseAction.Reidentify:
                        _session = null;
                        logger.LogInformation("Discord gateway: {Meaning}; identifying afresh", meaning);
                        break;
                    default:
                        logger.LogInformation("Discord gateway: {Meaning}; {Next}", meaning, _session is null ? "identifying afresh" : "resuming");
                        break;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (DiscordApiException e) when (e.Status is System.Net.HttpStatusCode.Unauthorized)
            {
                Stop("Discord rejected the bot token (401 on /gateway/bot); check Discord:Token. Not reconnecting.");
                return;
            }
            catch (GatewayProtocolException e)
            {
                failures++;
                logger.LogWarning("Discord gateway sent a payload it cannot use ({Error}); reconnecting", e.Message);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever Discord (or anyone on the path) sends, the gateway must not take the host down:
                // the web chat, Teams and HTTP interactions keep serving while this reconnects.
                failures++;
                logger.LogWarning(e is WebSocketException or HttpRequestException or DiscordApiException or IOException ? null : e,
                    "Discord gateway connection failed: {Error}; reconnecting", e.Message);
            }

            await Task.Delay(ReconnectDelay(failures), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        Status = GatewayStatus.Off;
    }

    private void Stop(string reason)
    {
        StopReason = reason;
        Status = GatewayStatus.Stopped;
        logger.LogCritical("{Reason}", reason);
        _stopped.TrySetResult(reason);
    }

    private async Task<GatewayBotInfo> ReadGatewayInfoAsync(CancellationToken cancellationToken)
    {
        if (_freshGatewayInfo is { } fresh)
        {
            return fresh;
        }
        var info = await rest.GetGatewayBotAsync(cancellationToken);
        if (info is null || !Uri.TryCreate(info.Url, UriKind.Absolute, out var url) || (url.Scheme != "wss" && url.Scheme != "ws"))
        {
            throw new GatewayProtocolException("GET /gateway/bot returned no usable gateway url");
        }
        var concurrency = Math.Max(1, info.SessionStartLimit?.MaxConcurrency ?? 1);
        if (_identifyBudget is null || _identifyBudget.Limit != concurrency)
        {
            _identifyBudget = new SlidingWindowLimiter(concurrency, _options.Gateway.IdentifyWindow, time);
        }
        if (info.SessionStartLimit is { } limit)
        {
            logger.LogDebug("Discord session start limit: {Remaining} of {Total} identifies left", limit.Remaining, limit.Total);
        }
        _freshGatewayInfo = info;
        return info;
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

    private async Task<(CloseAction Action, string Meaning, bool ReachedReady)> RunConnectionAsync(Uri url, Uri gatewayUrl, CancellationToken stoppingToken)
    {
        using var socket = new ClientWebSocket();
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        await socket.ConnectAsync(WithGatewayQuery(url), stoppingToken);
        var state = new ConnectionState(socket, gatewayUrl);
        // Cancelling a pending receive would abort the socket without a close frame; on shutdown,
        // close normally instead (ending the session so the bot shows offline) and let the receive see it.
        using var onStop = stoppingToken.Register(() => _ = CloseOnShutdownAsync(socket));
        Task? heartbeater = null;
        try
        {
            var hello = await ReceiveAsync(socket, CancellationToken.None);
            if (hello is null || hello.Value.Op != OpHello)
            {
                return (CloseAction.Resume, "no hello received", false);
            }
            var interval = HeartbeatInterval(hello.Value.Data);
            heartbeater = HeartbeatAsync(state, interval, connection.Token);

            if (_session is { } session)
            {
                await SendAsync(state, new { op = OpResume, d = new { token = _options.Token, session_id = session.SessionId, seq = session.Sequence } }, stoppingToken);
            }
            else
            {
                await _identifyBudget!.WaitAsync(stoppingToken);
                // The budget just read is spent by this identify; the next one reads it again.
                _freshGatewayInfo = null;
                await SendAsync(state, new
                {
                    op = OpIdentify,
                    d = new
                    {
                        token = _options.Token,
                        intents = (int)GatewayIntents.For(_options.Gateway.MessageContent),
                        properties = new { os = Environment.OSVersion.Platform.ToString().ToLowerInvariant(), browser = "chatbot", device = "chatbot" },
                    },
                }, stoppingToken);
            }

            while (true)
            {
                GatewayPayload? payload;
                try
                {
                    payload = await ReceiveAsync(socket, CancellationToken.None);
                }
                catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
                {
                    return state.Zombied
                        ? (CloseAction.Resume, "no heartbeat ACK (zombied connection)", state.ReachedReady)
                        : (CloseAction.Resume, "connection lost", state.ReachedReady);
                }
                if (payload is null)
                {
                    if (state.Zombied)
                    {
                        return (CloseAction.Resume, "no heartbeat ACK (zombied connection)", state.ReachedReady);
                    }
                    var (action, meaning) = GatewayClosePolicy.For((int?)socket.CloseStatus);
                    return (action, meaning, state.ReachedReady);
                }

                var p = payload.Value;
                if (p.Sequence is { } seq && _session is not null)
                {
                    _session.Sequence = seq;
                }
                switch (p.Op)
                {
                    case OpDispatch:
                        OnDispatch(state, p);
                        break;
                    case OpHeartbeat:
                        await SendHeartbeatAsync(state, stoppingToken);
                        break;
                    case OpHeartbeatAck:
                        state.Acked = true;
                        break;
                    case OpReconnect:
                        await CloseForResumeAsync(socket);
                        return (CloseAction.Resume, "Discord asked to reconnect (op 7)", state.ReachedReady);
                    case OpInvalidSession:
                        var resumable = p.Data.ValueKind == JsonValueKind.True;
                        await CloseForResumeAsync(socket);
                        if (!resumable)
                        {
                            _session = null;
                            await DelayInvalidSessionAsync(stoppingToken);
                        }
                        return (resumable ? CloseAction.Resume : CloseAction.Reidentify, $"invalid session (op 9, d: {(resumable ? "true" : "false")})", state.ReachedReady);
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

    private void OnDispatch(ConnectionState state, GatewayPayload payload)
    {
        switch (payload.Type)
        {
            case "READY":
                var ready = ReadyEvent.Parse(payload.Data);
                var resumeUrl = ready.ResumeUrl;
                if (resumeUrl is null)
                {
                    logger.LogWarning("Discord READY carried no usable resume_gateway_url; resuming on the main gateway url instead");
                }
                _session = new GatewaySession(ready.SessionId, resumeUrl ?? state.GatewayUrl) { Sequence = payload.Sequence };
                identity.UserId = ready.UserId;
                state.ReachedReady = true;
                Status = GatewayStatus.Ready;
                logger.LogInformation("Discord gateway ready as user {UserId}", identity.UserId);
                break;
            case "RESUMED":
                state.ReachedReady = true;
                Status = GatewayStatus.Ready;
                logger.LogInformation("Discord gateway session resumed");
                break;
            case { } type:
                try
                {
                    dispatcher.OnDispatch(type, payload.Data);
                }
                catch (Exception e)
                {
                    // One bad event must not take the connection down.
                    logger.LogError(e, "Discord dispatch {Type} failed", type);
                }
                break;
        }
    }

    private static TimeSpan HeartbeatInterval(JsonElement hello)
    {
        if (hello.ValueKind != JsonValueKind.Object
            || !hello.TryGetProperty("heartbeat_interval", out var value)
            || !value.TryGetDouble(out var ms)
            || !double.IsFinite(ms) || ms < 1 || ms > TimeSpan.FromHours(1).TotalMilliseconds)
        {
            throw new GatewayProtocolException("hello without a usable heartbeat_interval");
        }
        return TimeSpan.FromMilliseconds(ms);
    }

    private async Task DelayInvalidSessionAsync(CancellationToken cancellationToken)
    {
        var min = _options.Gateway.InvalidSessionDelayMin;
        var max = _options.Gateway.InvalidSessionDelayMax;
        await Task.Delay(min + (max - min) * Random.Shared.NextDouble(), time, cancellationToken);
    }

    private async Task HeartbeatAsync(ConnectionState state, TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            // The first beat is jittered so many clients reconnecting at once do not beat in step.
            await Task.Delay(interval * Random.Shared.NextDouble(), time, cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!state.Acked)
                {
                    logger.LogWarning("Discord gateway missed a heartbeat ACK; reconnecting");
                    state.Zombied = true;
                    await CloseForResumeAsync(state.Socket);
                    state.Socket.Abort();
                    return;
                }
                state.Acked = false;
                await SendHeartbeatAsync(state, cancellationToken);
                await Task.Delay(interval, time, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private Task SendHeartbeatAsync(ConnectionState state, CancellationToken cancellationToken) =>
        SendAsync(state, new { op = OpHeartbeat, d = _session?.Sequence }, cancellationToken);

    private async Task SendAsync(ConnectionState state, object payload, CancellationToken cancellationToken)
    {
        await _sendBudget.WaitAsync(cancellationToken);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload);
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
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await socket.CloseOutputAsync(status, reason, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <returns>Null when the server closed the socket.</returns>
    private static async Task<GatewayPayload?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
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

        return GatewayPayload.Parse(buffer.WrittenMemory);
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
    }
}
