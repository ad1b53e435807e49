using System.Net;
using ChatBot.Discord.Rest;
using ChatBot.Discord.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatBot.Discord.Tests.Rest;

/// <summary>The REST client against the fake Discord: rate limits, retries, and what is never retried.</summary>
public sealed class DiscordRestClientTests : IAsyncLifetime
{
    private const string Channel = "700000000000000001";
    private FakeDiscord _discord = null!;
    private HttpClient _http = null!;
    private DiscordRestClient _client = null!;

    public async Task InitializeAsync()
    {
        _discord = await FakeDiscord.StartAsync();
        _http = new HttpClient();
        _client = Create(_discord.ApiBaseUrl, maxAttempts: 4);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _discord.DisposeAsync();
    }

    private DiscordRestClient Create(string apiBaseUrl, int maxAttempts) => new(
        _http,
        Options.Create(new DiscordOptions
        {
            Token = FakeDiscord.Token,
            ApplicationId = FakeDiscord.ApplicationId,
            ApiBaseUrl = apiBaseUrl,
            Rest = new DiscordRestOptions { MaxAttempts = maxAttempts, RetryBaseDelay = TimeSpan.FromMilliseconds(10) },
        }),
        TimeProvider.System,
        NullLogger<DiscordRestClient>.Instance);

    private IReadOnlyList<RecordedRequest> Posts => _discord.Requests.Where(r => r.Method == "POST" && r.Path == $"channels/{Channel}/messages").ToList();

    [Fact]
    public async Task Message_is_sent_with_the_bot_token_a_nonce_and_no_mentions()
    {
        var created = await _client.CreateMessageAsync(Channel, new MessagePayload { Content = "hello @everyone" }, CancellationToken.None);

        var post = Assert.Single(Posts);
        Assert.Equal("Bot " + FakeDiscord.Token, post.Authorization);
        var body = post.Json!;
        Assert.Equal(created.Id, Assert.Single(_discord.Messages).Id);
        Assert.InRange(body["nonce"]!.GetValue<string>().Length, 1, 25);
        Assert.True(body["enforce_nonce"]!.GetValue<bool>());
        Assert.Empty(body["allowed_mentions"]!["parse"]!.AsArray());
    }

    [Fact]
    public async Task Bucket_429_with_retry_after_waits_then_delivers_once()
    {
        _discord.Script(new ScriptedResponse("POST", $"channels/{Channel}/messages", 429,
            """{"message":"You are being rate limited.","retry_after":0.4,"global":false}""",
            new Dictionary<string, string>
            {
                ["X-RateLimit-Limit"] = "5",
                ["X-RateLimit-Remaining"] = "0",
                ["X-RateLimit-Reset-After"] = "0.4",
                ["X-RateLimit-Bucket"] = "abcd1234",
                ["X-RateLimit-Scope"] = "user",
            }));

        await _client.CreateMessageAsync(Channel, new MessagePayload { Content = "once" }, CancellationToken.None);

        Assert.Single(_discord.Messages);
        var posts = Posts;
        Assert.Equal(2, posts.Count);
        Assert.True(posts[1].At - posts[0].At >= TimeSpan.FromMilliseconds(350), $"waited only {(posts[1].At - posts[0].At).TotalMilliseconds} ms");
        Assert.Equal(posts[0].Json!["nonce"]!.GetValue<string>(), posts[1].Json!["nonce"]!.GetValue<string>());
    }

    [Fact]
    public async Task Exhausted_bucket_from_headers_delays_the_next_request_of_that_bucket()
    {
        _discord.Script(new ScriptedResponse("POST", $"channels/{Channel}/typing", 204, null, new Dictionary<string, string>
        {
            ["X-RateLimit-Limit"] = "1",
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset-After"] = "0.4",
            ["X-RateLimit-Bucket"] = "typing-bucket",
        }));

        await _client.TriggerTypingAsync(Channel, CancellationToken.None);
        await _client.TriggerTypingAsync(Channel, CancellationToken.None);

        var typing = _discord.Requests.Where(r => r.Path.EndsWith("/typing", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, typing.Count);
        Assert.True(typing[1].At - typing[0].At >= TimeSpan.FromMilliseconds(350), $"waited only {(typing[1].At - typing[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Server_error_after_the_message_was_created_is_retried_without_posting_twice()
    {
        _discord.Script(new ScriptedResponse("POST", $"channels/{Channel}/messages", 502, """{"message":"bad gateway"}""", ProcessFirst: true));

        var created = await _client.CreateMessageAsync(Channel, new MessagePayload { Content = "exactly once" }, CancellationToken.None);

        Assert.Equal(2, Posts.Count);
        Assert.Equal(created.Id, Assert.Single(_discord.Messages).Id);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(400)]
    public async Task Client_errors_are_not_retried(int status)
    {
        _discord.Script(new ScriptedResponse("POST", $"channels/{Channel}/messages", status, """{"message":"no","code":50013}"""));

        var error = await Assert.ThrowsAsync<DiscordApiException>(() => _client.CreateMessageAsync(Channel, new MessagePayload { Content = "x" }, CancellationToken.None));

        Assert.Equal((HttpStatusCode)status, error.Status);
        Assert.Equal(50013, error.Code);
        Assert.Single(Posts);
        Assert.Empty(_discord.Messages);
    }

    [Fact]
    public async Task Server_errors_are_retried_a_bounded_number_of_times()
    {
        for (var i = 0; i < 6; i++)
        {
            _discord.Script(new ScriptedResponse("POST", $"channels/{Channel}/typing", 503));
        }

        var error = await Assert.ThrowsAsync<DiscordApiException>(() => _client.TriggerTypingAsync(Channel, CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Equal(4, _discord.Requests.Count);
    }

    [Fact]
    public async Task A_rate_limit_between_server_errors_does_not_use_up_an_attempt()
    {
        _discord.Script(new ScriptedResponse("POST", $"channels/{Channel}/typing", 503));
        _discord.Script(new ScriptedResponse("POST", $"channels/{Channel}/typing", 429, """{"message":"slow down","retry_after":0.05,"global":false}"""));
        _discord.Script(new ScriptedResponse("POST", $"channels/{Channel}/typing", 503));
        _discord.Script(new ScriptedResponse("POST", $"channels/{Channel}/typing", 503));

        await _client.TriggerTypingAsync(Channel, CancellationToken.None);

        // Three failures, one 429 and the success: four attempts allow three failures, whatever 429s come between.
        Assert.Equal(5, _discord.Requests.Count);
    }

    [Fact]
    public async Task Followups_are_not_retried_on_server_errors_because_they_carry_no_nonce()
    {
        _discord.Script(new ScriptedResponse("POST", $"webhooks/{FakeDiscord.ApplicationId}/tok", 500, ProcessFirst: true));

        await Assert.ThrowsAsync<DiscordApiException>(() => _client.CreateFollowupAsync("tok", new MessagePayload { Content = "x" }, CancellationToken.None));

        var request = Assert.Single(_discord.Requests);
        Assert.Null(request.Authorization);
    }

    [Fact]
    public async Task Network_failures_are_retried_then_reported()
    {
        // Nothing listens on this port: every attempt is a connection failure.
        using var http = new HttpClient();
        var client = new DiscordRestClient(
            http,
            Options.Create(new DiscordOptions { Token = "t", ApplicationId = "1", ApiBaseUrl = "http://127.0.0.1:9/api/v10", Rest = new DiscordRestOptions { MaxAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(10) } }),
            TimeProvider.System,
            NullLogger<DiscordRestClient>.Instance);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.TriggerTypingAsync(Channel, CancellationToken.None));
    }

    [Fact]
    public async Task Interaction_already_acknowledged_counts_as_success()
    {
        _discord.Script(new ScriptedResponse("POST", "interactions/1/tok/callback", 400, """{"message":"Interaction has already been acknowledged.","code":40060}"""));

        await _client.RespondAsync("1", "tok", InteractionResponse.Deferred(false), CancellationToken.None);

        Assert.Single(_discord.Requests);
    }
}
