using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace ChatBot.Discord.Tests.Fakes;

/// <summary>
/// One client connection to the fake gateway. Heartbeats are ACKed automatically (unless
/// <see cref="AckHeartbeats"/> is false); every other payload the client sends waits in
/// <see cref="ReceiveAsync"/> for the script.
/// </summary>
public sealed class FakeGatewayConnection : IAsyncDisposable
{
    private readonly FakeDiscord _fake;
    private readonly WebSocket _socket;
    private readonly Channel<JsonNode> _inbox = Channel.CreateUnbounded<JsonNode>();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _closing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<JsonNode> _received = [];
    private readonly Task _reader;
    private int _heartbeats;

    internal FakeGatewayConnection(FakeDiscord fake, WebSocket socket, string query, string? worker = null)
    {
        Worker = worker;
        _fake = fake;
        _socket = socket;
        Query = query;
        _reader = Task.Run(ReadLoopAsync);
    }

    public string Query { get; }

    /// <summary>The worker that opened the connection, when workers use their own API base.</summary>
    public string? Worker { get; }

    public bool AckHeartbeats { get; set; } = true;

    public bool Ready { get; private set; }

    public bool Closed => _closing.Task.IsCompleted;

    /// <summary>Completes when the client closed the socket or the connection broke.</summary>
    public Task Closing => _closing.Task;

    public WebSocketCloseStatus? ClientCloseStatus { get; private set; }

    public int HeartbeatsReceived => Volatile.Read(ref _heartbeats);

    public IReadOnlyList<JsonNode> Received { get { lock (_received) { return _received.ToList(); } } }

    /// <summary>The session this connection identified or resumed; null until then.</summary>
    public FakeGatewaySession? Session { get; private set; }

    /// <summary>
    /// Hello, then identify (→ READY) or resume (→ replay + RESUMED), speaking the unhappy
    /// protocol where Discord would: 4010 for a shard outside <c>[0, num_shards)</c>, 4011 for
    /// fewer shards than <see cref="FakeDiscord.RequiredShards"/>, op 9 for an identify over the
    /// bucket rate limit or a resume of an unknown session.
    /// </summary>
    /// <param name="editReady">Changes the READY payload before it is sent (to send a malformed one).</param>
    public async Task<JsonNode> HandshakeAsync(Action<JsonObject>? editReady = null)
    {
        await SendHelloAsync();
        var first = await ReceiveAsync();
        var op = first["op"]!.GetValue<int>();
        if (op == 2)
        {
            var shard = first["d"]?["shard"] as JsonArray;
            var (shardId, shardCount) = shard is [JsonValue id, JsonValue count] ? (id.GetValue<int>(), count.GetValue<int>()) : (0, 1);
            if (shardCount < 1 || shardId < 0 || shardId >= shardCount || shardId == _fake.RejectedShardId)
            {
                await CloseAsync(4010, "Invalid shard.");
                return first;
            }
            if (shardCount < _fake.RequiredShards)
            {
                await CloseAsync(4011, "Sharding required.");
                return first;
            }
            if (!_fake.TryTakeIdentifySlot(shardId))
            {
                await SendAsync(new { op = 9, d = false });
                return first;
            }
            Session = _fake.NewSession(shardId, shardCount);
            var ready = JsonSerializer.SerializeToNode(new
            {
                v = 10,
                user = new { id = FakeDiscord.BotId, username = "ChatBot", bot = true },
                session_id = Session.Id,
                resume_gateway_url = _fake.GatewayUrlFor(Worker) + "?resumed=1",
                guilds = Array.Empty<object>(),
                shard = new[] { shardId, shardCount },
                application = new { id = FakeDiscord.ApplicationId },
            })!.AsObject();
            editReady?.Invoke(ready);
            await DispatchAsync("READY", ready);
        }
        else if (op == 6)
        {
            var d = first["d"]!;
            var session = _fake.FindSession(d["session_id"]?.GetValue<string>());
            if (session is null)
            {
                await SendAsync(new { op = 9, d = false });
                return first;
            }
            Session = session;
            var from = _fake.ReplayEverythingOnResume ? 0 : d["seq"]?.GetValue<int?>() ?? 0;
            foreach (var (seq, type, data) in session.EventsAfter(from))
            {
                await SendAsync(new { op = 0, t = type, s = seq, d = data });
            }
            await DispatchAsync("RESUMED", new JsonObject());
        }
        Ready = true;
        _fake.Changed();
        return first;
    }

    public Task SendHelloAsync() => SendAsync(new { op = 10, d = new { heartbeat_interval = _fake.HeartbeatIntervalMs } });

    public async Task DispatchAsync(string type, JsonNode data)
    {
        var session = Session ?? throw new InvalidOperationException("The connection has no session yet.");
        var seq = session.Log(type, data);
        await SendAsync(new { op = 0, t = type, s = seq, d = data });
    }

    public Task SendAsync(object payload) => SendRawAsync(JsonSerializer.SerializeToUtf8Bytes(payload));

    /// <summary>Sends bytes as one text frame, whatever they are (malformed payloads).</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        await _sendLock.WaitAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async Task<JsonNode> ReceiveAsync(int timeoutMs = 30_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        return await _inbox.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Closes from the server side with a close code, as Discord does.</summary>
    public async Task CloseAsync(int code, string reason)
    {
        await _sendLock.WaitAsync();
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(2000);
                await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            _sendLock.Release();
        }
        await Task.WhenAny(_closing.Task, Task.Delay(2000));
    }

    /// <summary>Drops the TCP connection without a close frame (network loss).</summary>
    public void Abort()
    {
        _socket.Abort();
        _closing.TrySetResult();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        ClientCloseStatus = result.CloseStatus;
                        return;
                    }
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                var node = JsonNode.Parse(Encoding.UTF8.GetString(message.ToArray()))!;
                lock (_received)
                {
                    _received.Add(node);
                }
                if (node["op"]!.GetValue<int>() == 2)
                {
                    _fake.CountIdentify();
                }
                if (node["op"]!.GetValue<int>() == 1)
                {
                    Interlocked.Increment(ref _heartbeats);
                    if (AckHeartbeats)
                    {
                        await SendAsync(new { op = 11 });
                    }
                }
                else
                {
                    await _inbox.Writer.WriteAsync(node);
                }
                _fake.Changed();
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            _closing.TrySetResult();
            _fake.Changed();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await CloseAsync(1000, "test over");
        }
        _socket.Abort();
        await Task.WhenAny(_reader, Task.Delay(1000));
    }
}
