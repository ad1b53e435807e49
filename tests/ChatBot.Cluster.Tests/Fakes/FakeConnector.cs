using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatBot.Cluster.Tests.Fakes;

/// <summary>
/// The Bot Framework Connector a Teams (or Emulator) activity's <c>serviceUrl</c> points at, on
/// loopback: records what the workers send back and answers with an activity id.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ConnectorActivity> _received = new();
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _abandoned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _holdNext;
    private int _nextId;

    private FakeConnector(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = "";

    public IReadOnlyList<ConnectorActivity> Received => [.. _received];

    public IReadOnlyList<ConnectorActivity> Messages => [.. _received.Where(a => a.Type == "message")];

    /// <summary>Completes when the message <see cref="HoldNextMessage"/> holds has arrived.</summary>
    public Task Held => _held.Task;

    /// <summary>Completes when the sender of the held message went away (its connection closed) without an answer.</summary>
    public Task HeldAbandoned => _abandoned.Task;

    /// <summary>
    /// The next message (not a typing indicator) is neither recorded nor answered for as long as its
    /// sender keeps the connection open: a reply on the wire when its worker is killed, which the
    /// Connector never took.
    /// </summary>
    public void HoldNextMessage() => Volatile.Write(ref _holdNext, 1);

    public static async Task<FakeConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new FakeConnector(app);
        app.MapPost("/v3/conversations/{conversationId}/activities", (HttpRequest request, string conversationId) => connector.RecordAsync(request, conversationId, null));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (HttpRequest request, string conversationId, string activityId) => connector.RecordAsync(request, conversationId, activityId));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (HttpRequest request, string conversationId, string activityId) => connector.RecordAsync(request, conversationId, activityId));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        connector.ServiceUrl = address.TrimEnd('/') + "/";
        return connector;
    }

    private async Task<IResult> RecordAsync(HttpRequest request, string conversationId, string? replyToId)
    {
        var body = await JsonNode.ParseAsync(request.Body) as JsonObject ?? [];
        if (body["type"]?.GetValue<string>() == "message" && Interlocked.CompareExchange(ref _holdNext, 0, 1) == 1)
        {
            _held.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, request.HttpContext.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                _abandoned.TrySetResult();
            }
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        _received.Enqueue(new ConnectorActivity(conversationId, replyToId, body));
        return Results.Json(new { id = $"connector-{Interlocked.Increment(ref _nextId)}" });
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
