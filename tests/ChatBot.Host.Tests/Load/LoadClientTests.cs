using System.Text.Json.Nodes;
using ChatBot.Host.Load;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatBot.Host.Tests.Load;

public sealed class LoadClientTests
{
    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var values = Enumerable.Range(1, 100).Select(i => TimeSpan.FromMilliseconds(i)).Reverse().ToList();

        Assert.Equal(TimeSpan.FromMilliseconds(50), LoadReport.Percentile(values, 50));
        Assert.Equal(TimeSpan.FromMilliseconds(99), LoadReport.Percentile(values, 99));
        Assert.Equal(TimeSpan.FromMilliseconds(100), LoadReport.Percentile(values, 100));
        Assert.Equal(TimeSpan.Zero, LoadReport.Percentile([], 50));
    }

    [Fact]
    public async Task Requests_go_round_robin_and_failures_are_counted_as_errors()
    {
        await using var healthy = await Target.StartAsync(fail: false);
        await using var broken = await Target.StartAsync(fail: true);

        var report = await LoadClient.RunAsync(
            new LoadPlan(LoadClient.Ask, [healthy.Url, broken.Url], Clients: 4, Duration: TimeSpan.FromSeconds(30), Warmup: TimeSpan.Zero, ["q1", "q2"], MaxRequests: 40),
            CancellationToken.None);

        Assert.InRange(report.Requests, 40, 44);
        Assert.Equal(report.Requests, healthy.Count + broken.Count);
        Assert.InRange(healthy.Count - broken.Count, -4, 4);
        Assert.Equal(broken.Count, report.Errors);
        Assert.Equal(healthy.Count, report.Latencies.Count);
        Assert.Contains("errors", report.Format());
    }

    [Fact]
    public async Task A_teams_run_counts_a_reply_only_when_it_reaches_the_connector()
    {
        await using var worker = await Target.StartAsync(fail: false, replyToEvery: 2);

        var report = await LoadClient.RunAsync(
            new LoadPlan(LoadClient.Teams, [worker.Url], Clients: 2, Duration: TimeSpan.FromSeconds(30), Warmup: TimeSpan.Zero, ["hello"], MaxRequests: 10),
            CancellationToken.None);

        Assert.Equal(0, report.Errors);
        Assert.Equal(report.Latencies.Count, worker.Count);
        Assert.Equal(worker.Count / 2, report.ReplyLatencies.Count);
    }

    [Fact]
    public async Task Two_teams_runs_against_one_worker_send_no_activity_id_twice()
    {
        // A worker drops an activity id it has seen as the Connector's retry; a second run that
        // reused the first run's ids would measure replies that are never meant to come.
        await using var worker = await Target.StartAsync(fail: false, replyToEvery: 1);
        var plan = new LoadPlan(LoadClient.Teams, [worker.Url], Clients: 2, Duration: TimeSpan.FromSeconds(30), Warmup: TimeSpan.Zero, ["hello"], MaxRequests: 6);

        await LoadClient.RunAsync(plan, CancellationToken.None);
        await LoadClient.RunAsync(plan, CancellationToken.None);

        Assert.True(worker.ActivityIds.Count >= 12);
        Assert.Equal(worker.ActivityIds.Count, worker.ActivityIds.Distinct().Count());
    }

    [Fact]
    public async Task A_503_with_retry_after_counts_as_refused_not_as_an_error()
    {
        await using var busy = await Target.StartAsync(fail: false, backPressure: true);

        var report = await LoadClient.RunAsync(
            new LoadPlan(LoadClient.Ask, [busy.Url], Clients: 2, Duration: TimeSpan.FromSeconds(30), Warmup: TimeSpan.Zero, ["q"], MaxRequests: 10),
            CancellationToken.None);

        Assert.Equal(0, report.Errors);
        Assert.Equal(report.Requests, report.Refused);
        Assert.Empty(report.Latencies);
        Assert.Contains("refused (503)", report.Format());
    }

    [Fact]
    public async Task An_open_loop_run_sends_no_more_than_its_rate_allows()
    {
        await using var worker = await Target.StartAsync(fail: false);

        // 20 requests per second for one second, from ten clients that could send far more.
        var report = await LoadClient.RunAsync(
            new LoadPlan(LoadClient.Ask, [worker.Url], Clients: 10, Duration: TimeSpan.FromSeconds(1), Warmup: TimeSpan.Zero, ["q"], Rate: 20),
            CancellationToken.None);

        Assert.InRange(worker.Count, 1, 20);
        Assert.Equal(worker.Count, report.Requests);
    }

    /// <summary>A stand-in worker: answers /api/ask, and acks /api/messages, replying to every n-th activity's serviceUrl.</summary>
    private sealed class Target : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _count;

        private Target(WebApplication app) => _app = app;

        public Uri Url { get; private set; } = null!;

        public int Count => Volatile.Read(ref _count);

        public System.Collections.Concurrent.ConcurrentQueue<string> ActivityIds { get; } = new();

        public static async Task<Target> StartAsync(bool fail, int replyToEvery = 0, bool backPressure = false)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var target = new Target(app);
            app.MapPost("/api/ask", (HttpContext context) =>
            {
                Interlocked.Increment(ref target._count);
                if (backPressure)
                {
                    context.Response.Headers.RetryAfter = "0"; // the client honours it: no wait in a test
                    return Results.StatusCode(503);
                }
                return fail ? Results.StatusCode(500) : Results.Json(new { answered = true });
            });
            app.MapPost("/api/messages", async (HttpRequest request) =>
            {
                var activity = (JsonObject)(await JsonNode.ParseAsync(request.Body))!;
                var n = Interlocked.Increment(ref target._count);
                target.ActivityIds.Enqueue((string)activity["id"]!);
                if (replyToEvery > 0 && n % replyToEvery == 0)
                {
                    using var client = new HttpClient();
                    var url = $"{activity["serviceUrl"]}v3/conversations/{activity["conversation"]!["id"]}/activities/{activity["id"]}";
                    await client.PostAsync(url, new StringContent("""{"type":"message","text":"hi"}""", System.Text.Encoding.UTF8, "application/json"));
                }
                return Results.Ok();
            });
            await app.StartAsync();
            target.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
            return target;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
