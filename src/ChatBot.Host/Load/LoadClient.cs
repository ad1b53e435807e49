using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ChatBot.Host.Load;

/// <summary>
/// Closed-loop load on loopback: each client sends its next request when the previous one
/// answered. For Teams it also plays the Connector the replies go to, so a reply counts only when
/// it arrived. Bounded in time and count; stops by itself.
/// </summary>
public sealed class LoadClient
{
    public const string Ask = "ask";
    public const string Teams = "teams";

    // A reply still on its way when the clients stop gets this long to arrive.
    private static readonly TimeSpan ReplyGrace = TimeSpan.FromSeconds(30);

    public static async Task<LoadReport> RunAsync(LoadPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Targets.Count == 0 || plan.Clients < 1 || plan.Questions.Count == 0)
        {
            throw new ArgumentException("a load run needs targets, clients and questions", nameof(plan));
        }
        await using var connector = plan.Kind == Teams ? await ReplySink.StartAsync(cancellationToken) : null;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = plan.Clients, UseProxy = false })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var next = -1;
        var scheduled = -1L;
        var latencies = new ConcurrentBag<TimeSpan>();
        var errors = 0;
        var refused = 0;
        var measured = 0;
        var sent = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var origin = Stopwatch.GetTimestamp();
        var measureFrom = plan.Warmup;
        var stopAt = plan.Warmup + plan.Duration;
        using var enough = new CancellationTokenSource();
        // Activity ids must be new in every run: a worker keeps the ids it has seen and treats a
        // repeated one as the Connector's retry, so a second run against the same worker with
        // ids from 0 again would be answered not at all.
        var run = Guid.NewGuid().ToString("N")[..8];

        async Task ClientAsync(int client)
        {
            for (var i = 0; clock.Elapsed < stopAt && !enough.IsCancellationRequested && !cancellationToken.IsCancellationRequested; i++)
            {
                if (plan.Rate > 0)
                {
                    // Request k is due k/rate seconds in; a client that is late sends at once.
                    var due = TimeSpan.FromSeconds(Interlocked.Increment(ref scheduled) / plan.Rate);
                    if (due >= stopAt)
                    {
                        break;
                    }
                    if (due - clock.Elapsed is { Ticks: > 0 } early)
                    {
                        await Task.Delay(early, cancellationToken);
                    }
                }
                var turn = Interlocked.Increment(ref next);
                var target = plan.Targets[turn % plan.Targets.Count];
                var question = plan.Questions[turn % plan.Questions.Count];
                var id = $"load-{run}-{client}-{i}";
                using var request = plan.Kind == Teams
                    ? new HttpRequestMessage(HttpMethod.Post, new Uri(target, "api/messages")) { Content = JsonContent.Create(Activity(connector!.ServiceUrl, $"load-chat-{client}", id, question)) }
                    : new HttpRequestMessage(HttpMethod.Post, new Uri(target, "api/ask")) { Content = JsonContent.Create(new { question }) };
                var started = clock.Elapsed;
                var counted = started >= measureFrom;
                if (counted && plan.Kind == Teams)
                {
                    sent[id] = Stopwatch.GetTimestamp();
                }
                bool ok;
                TimeSpan? retryAfter = null;
                try
                {
                    using var response = await http.SendAsync(request, cancellationToken);
                    await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    ok = response.IsSuccessStatusCode;
                    if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
                    {
                        retryAfter = response.Headers.RetryAfter?.Delta;
                    }
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    ok = false; // the client's own timeout
                }
                if (counted && ok)
                {
                    latencies.Add(clock.Elapsed - started);
                }
                else if (counted)
                {
                    Interlocked.Increment(ref retryAfter is null ? ref errors : ref refused);
                    sent.TryRemove(id, out _);
                }
                if (retryAfter is { } pause && stopAt - clock.Elapsed is { Ticks: > 0 } left)
                {
                    // A sender told to come back later does so, as the Bot Framework's would, rather
                    // than spend the worker's time on refusals.
                    await Task.Delay(pause < left ? pause : left, cancellationToken);
                }
                if (!counted)
                {
                    continue;
                }
                if (plan.MaxRequests > 0 && Interlocked.Increment(ref measured) >= plan.MaxRequests)
                {
                    await enough.CancelAsync();
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, plan.Clients).Select(c => Task.Run(() => ClientAsync(c), cancellationToken)));
        var elapsed = clock.Elapsed - measureFrom;
        var sendingEnded = Stopwatch.GetTimestamp();
        var report = new LoadReport(plan.Kind, plan.Clients, plan.Targets.Count, elapsed, [.. latencies], errors) { Refused = refused };
        if (connector is null)
        {
            return report;
        }
        var graceUntil = clock.Elapsed + ReplyGrace;
        while (clock.Elapsed < graceUntil && sent.Keys.Any(id => !connector.Arrived.ContainsKey(id)))
        {
            await Task.Delay(100, cancellationToken);
        }
        var replies = sent
            .Where(s => connector.Arrived.ContainsKey(s.Key))
            .Select(s => Stopwatch.GetElapsedTime(s.Value, connector.Arrived[s.Key]))
            .ToList();
        // Every reply that arrived while the measured requests were sent (the warm-up's included):
        // what the workers delivered per second, whatever they were behind on.
        var windowStart = origin + (long)(measureFrom.TotalSeconds * Stopwatch.Frequency);
        var delivered = connector.Arrived.Values.Count(t => t >= windowStart && t <= sendingEnded);
        var lastReply = sent.Keys.All(connector.Arrived.ContainsKey) && !sent.IsEmpty
            ? Stopwatch.GetElapsedTime(sendingEnded, Math.Max(sendingEnded, sent.Keys.Max(id => connector.Arrived[id])))
            : (TimeSpan?)null;
        return report with { ReplyLatencies = replies, RepliesDelivered = delivered, DrainedAfter = lastReply };
    }

    private static object Activity(string serviceUrl, string conversation, string id, string text) => new
    {
        type = "message",
        id,
        timestamp = DateTimeOffset.UtcNow,
        serviceUrl,
        channelId = "emulator",
        from = new { id = "load-user", name = "Load" },
        conversation = new { id = conversation, conversationType = "personal" },
        recipient = new { id = "bot", name = "ChatBot" },
        text,
        textFormat = "plain",
    };

    /// <summary>The Connector the replies are posted to: notes when the first reply to each activity arrived.</summary>
    private sealed class ReplySink : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private ReplySink(WebApplication app) => _app = app;

        public string ServiceUrl { get; private set; } = "";

        /// <summary>Activity id → <see cref="Stopwatch.GetTimestamp"/> when its first reply arrived.</summary>
        public ConcurrentDictionary<string, long> Arrived { get; } = new(StringComparer.Ordinal);

        public static async Task<ReplySink> StartAsync(CancellationToken cancellationToken)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var sink = new ReplySink(app);
            app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", async (HttpRequest request, string activityId) =>
            {
                var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
                if (body?["type"]?.GetValue<string>() == "message")
                {
                    sink.Arrived.TryAdd(activityId, Stopwatch.GetTimestamp());
                }
                return Results.Json(new { id = Guid.NewGuid().ToString("N") });
            });
            app.MapPost("/v3/conversations/{conversationId}/activities", () => Results.Json(new { id = Guid.NewGuid().ToString("N") }));
            await app.StartAsync(cancellationToken);
            sink.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
            return sink;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
