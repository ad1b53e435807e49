using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using ChatBot.Teams.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatBot.Teams.Tests.Fakes;

/// <summary>
/// Microsoft's side of the Bot Framework, on loopback: OpenID metadata and JWKS with test RSA keys
/// and endorsements, the client-credentials token endpoint, and a Connector that records every
/// request and can be scripted to answer 429/5xx/403.
/// </summary>
public sealed class FakeMicrosoft : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SentActivity> _sent = new();
    private readonly ConcurrentQueue<(HttpStatusCode Status, TimeSpan? RetryAfter, string? Location)> _scripted = new();
    private readonly ConcurrentQueue<string> _attackerHits = new();
    private int _graphRequests;
    private readonly Lock _keysLock = new();
    private List<TestKey> _published;
    private int _tokenRequests;
    private int _jwksRequests;
    private int _nextId;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeMicrosoft(WebApplication app, TestKey key)
    {
        _app = app;
        SigningKey = key;
        _published = [key];
    }

    public TestKey SigningKey { get; }

    public string BaseUrl { get; private set; } = "";

    public string MetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";

    public string TokenUrl => BaseUrl + "/botframework.com/oauth2/v2.0/token";

    /// <summary>The serviceUrl activities carry; the Connector routes live under it.</summary>
    public string ServiceUrl => BaseUrl + "/teams/";

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>Microsoft Graph (v1.0) as the bot sees it: team members with their roles.</summary>
    public string GraphUrl => BaseUrl + "/graph/v1.0";

    /// <summary>Entra object ids Graph reports as owners of any team.</summary>
    public ConcurrentDictionary<string, bool> TeamOwners { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int GraphRequests => Volatile.Read(ref _graphRequests);

    /// <summary>Where a scripted redirect points: a route that records anything that follows it.</summary>
    public string AttackerUrl => BaseUrl + "/attacker/collect";

    /// <summary>Requests (with their Authorization header) that reached <see cref="AttackerUrl"/>.</summary>
    public IReadOnlyList<string> AttackerHits => [.. _attackerHits];

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    /// <summary>False serves metadata without <c>jwks_uri</c>, as a broken or hijacked endpoint might.</summary>
    public bool PublishJwksUri { get; set; } = true;

    public IReadOnlyList<SentActivity> Sent => [.. _sent];

    public IReadOnlyList<SentActivity> Messages => [.. _sent.Where(s => s.Accepted && s.Type == "message")];

    public string? LastTokenForm { get; private set; }

    private readonly ConcurrentQueue<HttpStatusCode> _tokenScript = new();

    /// <summary>The next token requests answer these statuses (e.g. 503), in order, before a token is issued.</summary>
    public void ScriptToken(HttpStatusCode status) => _tokenScript.Enqueue(status);

    public int TokenAttempts => Volatile.Read(ref _tokenAttempts);

    private int _tokenAttempts;

    public static async Task<FakeMicrosoft> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeMicrosoft(app, TestKey.Create("key-1", "msteams", "emulator"));
        fake.Map(app);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/');
        return fake;
    }

    /// <summary>Replaces the published keys (rollover); tokens signed with other keys stop validating after the bot refreshes.</summary>
    public void PublishKeys(params TestKey[] keys)
    {
        lock (_keysLock)
        {
            _published = [.. keys];
        }
    }

    /// <summary>The next Connector requests answer these statuses, in order, instead of 2xx.</summary>
    public void Script(HttpStatusCode status, TimeSpan? retryAfter = null) => _scripted.Enqueue((status, retryAfter, null));

    /// <summary>The next Connector request is answered with a redirect to <paramref name="location"/>.</summary>
    public void ScriptRedirect(string location) => _scripted.Enqueue((HttpStatusCode.TemporaryRedirect, null, location));

    public async Task<IReadOnlyList<SentActivity>> WaitForAsync(Func<IReadOnlyList<SentActivity>, bool> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var changed = _changed.Task;
            var snapshot = Sent;
            if (condition(snapshot))
            {
                return snapshot;
            }
            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Condition not met; the Connector saw {snapshot.Count} request(s): " +
                    string.Join(" | ", snapshot.Select(s => $"{s.Method} {s.Path} {s.Status} {s.Text}")));
            }
        }
    }

    public Task<IReadOnlyList<SentActivity>> WaitForMessagesAsync(int count, Func<SentActivity, bool>? filter = null) =>
        WaitForAsync(all => all.Count(s => s.Accepted && s.Type == "message" && (filter?.Invoke(s) ?? true)) >= count);

    private void Map(WebApplication app)
    {
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new Dictionary<string, object?>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = BaseUrl + "/authorize",
            ["jwks_uri"] = PublishJwksUri ? BaseUrl + "/v1/.well-known/keys" : null,
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }.Where(p => p.Value is not null).ToDictionary()));
        app.MapGet("/v1/.well-known/keys", () =>
        {
            Interlocked.Increment(ref _jwksRequests);
            List<TestKey> keys;
            lock (_keysLock)
            {
                keys = _published;
            }
            return Results.Json(new { keys = keys.Select(k => k.PublicJwk()).ToArray() });
        });
        app.MapPost("/botframework.com/oauth2/v2.0/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            Interlocked.Increment(ref _tokenAttempts);
            if (_tokenScript.TryDequeue(out var tokenStatus))
            {
                return Results.StatusCode((int)tokenStatus);
            }
            LastTokenForm = string.Join("&", form.OrderBy(f => f.Key).Select(f => $"{f.Key}={f.Value}"));
            var scope = form["scope"].ToString();
            if (form["grant_type"] != "client_credentials" || scope is not ("https://api.botframework.com/.default" or "https://graph.microsoft.com/.default")
                || form["client_id"] != TestKey.AppId || form["client_secret"] != TestKey.AppPassword)
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }
            var n = Interlocked.Increment(ref _tokenRequests);
            var prefix = scope.Contains("graph", StringComparison.Ordinal) ? "graph-token" : "connector-token";
            return Results.Json(new { token_type = "Bearer", expires_in = 3600, access_token = $"{prefix}-{n}" });
        });
        app.MapGet("/graph/v1.0/teams/{teamId}/members", (HttpRequest request, string teamId) =>
        {
            Interlocked.Increment(ref _graphRequests);
            if (!request.Headers.Authorization.ToString().StartsWith("Bearer graph-token-", StringComparison.Ordinal))
            {
                return Results.StatusCode(401);
            }
            // Only the filter the bot uses: (microsoft.graph.aadUserConversationMember/userId eq '<id>').
            var filter = request.Query["$filter"].ToString();
            var user = filter.Split('\'').ElementAtOrDefault(1) ?? "";
            var members = TeamOwners.ContainsKey(user)
                ? new object[] { new { id = "m1", userId = user, roles = new[] { "owner" } } }
                : new object[] { new { id = "m2", userId = user, roles = Array.Empty<string>() } };
            return Results.Json(new { value = members });
        });
        app.Map("/attacker/{**rest}", (HttpRequest request) =>
        {
            _attackerHits.Enqueue($"{request.Method} {request.Path} {request.Headers.Authorization}");
            return Results.Ok();
        });
        app.MapPost("/teams/v3/conversations", (HttpRequest request) => RecordAsync(request, null, null, created: true));
        app.MapPost("/teams/v3/conversations/{conversationId}/activities", (HttpRequest request, string conversationId) => RecordAsync(request, conversationId, null, created: false));
        app.MapPost("/teams/v3/conversations/{conversationId}/activities/{activityId}", (HttpRequest request, string conversationId, string activityId) => RecordAsync(request, conversationId, activityId, created: false));
        app.MapPut("/teams/v3/conversations/{conversationId}/activities/{activityId}", (HttpRequest request, string conversationId, string activityId) => RecordAsync(request, conversationId, activityId, created: false));
    }

    private async Task<IResult> RecordAsync(HttpRequest request, string? conversationId, string? activityId, bool created)
    {
        var body = await JsonNode.ParseAsync(request.Body) as JsonObject ?? [];
        var status = HttpStatusCode.OK;
        TimeSpan? retryAfter = null;
        string? location = null;
        if (_scripted.TryDequeue(out var scripted))
        {
            (status, retryAfter, location) = scripted;
        }
        var id = status == HttpStatusCode.OK ? $"msg-{Interlocked.Increment(ref _nextId)}" : null;
        var record = new SentActivity(request.Method, request.Path.Value ?? "", conversationId is null ? null : Uri.UnescapeDataString(conversationId),
            activityId is null ? null : Uri.UnescapeDataString(activityId), body, request.Headers.Authorization.ToString(), (int)status, id);
        _sent.Enqueue(record);
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

        if (status != HttpStatusCode.OK)
        {
            if (retryAfter is { } wait)
            {
                request.HttpContext.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString();
            }
            if (location is not null)
            {
                request.HttpContext.Response.Headers.Location = location;
            }
            return Results.StatusCode((int)status);
        }
        if (created)
        {
            var channel = (body["channelData"]?["channel"]?["id"]?.GetValue<string>()) ?? "conv";
            return Results.Json(new { id = $"{channel};messageid={id}", activityId = id });
        }
        return Results.Json(new { id });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
