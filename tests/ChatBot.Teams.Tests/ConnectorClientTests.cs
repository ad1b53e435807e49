using System.Net;
using ChatBot.Teams.Connector;
using ChatBot.Teams.Outgoing;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Teams.Tests;

public sealed class ConnectorClientTests : IAsyncLifetime
{
    private FakeMicrosoft _microsoft = null!;
    private ServiceProvider _services = null!;
    private FakeTimeProvider _time = null!;

    public async Task InitializeAsync()
    {
        _microsoft = await FakeMicrosoft.StartAsync();
        _time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _microsoft.DisposeAsync();
    }

    private ConnectorTokenProvider Tokens(bool auth = true) =>
        new(_services.GetRequiredService<IHttpClientFactory>(), Options(auth), _time) { BackoffBase = TimeSpan.Zero };

    private IOptions<TeamsOptions> Options(bool auth) => Microsoft.Extensions.Options.Options.Create(new TeamsOptions
    {
        AppId = auth ? TestKey.AppId : null,
        AppPassword = auth ? TestKey.AppPassword : null,
        TokenEndpoint = _microsoft.TokenUrl,
        AllowedServiceUrls = [_microsoft.ServiceUrl],
    });

    // Real time: waits are short (Retry-After 0, 1 ms backoff); FakeTimeProvider drives token expiry only.
    private ConnectorClient Client(ConnectorTokenProvider tokens, bool auth = true) =>
        new(new HttpClient(), tokens, new ServiceUrlPolicy(Options(auth)), Options(auth), TimeProvider.System, NullLogger<ConnectorClient>.Instance) { BackoffBase = TimeSpan.FromMilliseconds(1) };

    private static MessageActivity Message(string text) => new() { Text = text };

    [Fact]
    public async Task Too_many_requests_is_retried_after_the_given_delay_with_the_same_activity_id_and_posted_once()
    {
        _microsoft.Script(HttpStatusCode.TooManyRequests, TimeSpan.Zero);
        _microsoft.Script(HttpStatusCode.BadGateway);

        var id = await Client(Tokens()).SendAsync(_microsoft.ServiceUrl, "a:chat", Message("hello"), "in-1", CancellationToken.None);

        var attempts = _microsoft.Sent;
        Assert.Equal([429, 502, 200], attempts.Select(a => a.Status));
        Assert.Single(attempts.Select(a => a.Body["id"]!.GetValue<string>()).Distinct());
        Assert.Single(_microsoft.Messages);
        Assert.Equal(attempts[^1].ResponseId, id);
        Assert.All(attempts, a => Assert.Equal("in-1", a.ReplyToId));
    }

    [Fact]
    public async Task Gateway_errors_are_retried_a_bounded_number_of_times_then_reported()
    {
        for (var i = 0; i < 10; i++)
        {
            _microsoft.Script(HttpStatusCode.GatewayTimeout);
        }
        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            Client(Tokens()).SendAsync(_microsoft.ServiceUrl, "a:chat", Message("hello"), null, CancellationToken.None));
        Assert.Equal(HttpStatusCode.GatewayTimeout, error.Status);
        Assert.Equal(ConnectorClient.MaxAttempts, _microsoft.Sent.Count);
        Assert.False(error.IsPermanent);
        Assert.True(error.IsTransient);
        Assert.False(error.MayHaveBeenAccepted);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Forbidden, true)]
    [InlineData(HttpStatusCode.NotFound, true)]
    public async Task Client_errors_are_not_retried(HttpStatusCode status, bool permanent)
    {
        _microsoft.Script(status);
        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            Client(Tokens()).SendAsync(_microsoft.ServiceUrl, "a:chat", Message("hello"), null, CancellationToken.None));
        Assert.Single(_microsoft.Sent);
        Assert.Equal(permanent, error.IsPermanent);
    }

    [Theory]
    [InlineData(HttpStatusCode.PreconditionFailed)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Transient_statuses_are_retried_and_the_message_posted_once(HttpStatusCode status)
    {
        _microsoft.Script(status);
        _microsoft.Script(status);
        await Client(Tokens()).SendAsync(_microsoft.ServiceUrl, "a:chat", Message("hello"), null, CancellationToken.None);
        Assert.Equal([(int)status, (int)status, 200], _microsoft.Sent.Select(s => s.Status));
        Assert.Single(_microsoft.Messages);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task A_post_answered_with_another_server_error_may_have_been_accepted_and_is_not_repeated(HttpStatusCode status)
    {
        _microsoft.Script(status);
        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            Client(Tokens()).SendAsync(_microsoft.ServiceUrl, "a:chat", Message("hello"), null, CancellationToken.None));
        Assert.True(error.MayHaveBeenAccepted);
        Assert.Single(_microsoft.Sent);
    }

    [Fact]
    public async Task An_update_is_idempotent_and_retried_after_a_server_error()
    {
        _microsoft.Script(HttpStatusCode.InternalServerError);
        await Client(Tokens()).UpdateAsync(_microsoft.ServiceUrl, "a:chat", "msg-9", Message("edited"), CancellationToken.None);
        Assert.Equal([500, 200], _microsoft.Sent.Select(s => s.Status));
    }

    [Fact]
    public async Task A_retry_after_beyond_a_minute_is_handed_back_to_the_caller_not_waited_for()
    {
        _microsoft.Script(HttpStatusCode.TooManyRequests, TimeSpan.FromMinutes(5));
        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            Client(Tokens()).SendAsync(_microsoft.ServiceUrl, "a:chat", Message("hello"), null, CancellationToken.None));
        Assert.Equal(TimeSpan.FromMinutes(5), error.RetryAfter);
        Assert.False(error.MayHaveBeenAccepted);
        Assert.Single(_microsoft.Sent);
    }

    [Fact]
    public async Task A_failing_token_endpoint_is_retried()
    {
        _microsoft.ScriptToken(HttpStatusCode.ServiceUnavailable);
        _microsoft.ScriptToken(HttpStatusCode.TooManyRequests);
        await Client(Tokens()).SendAsync(_microsoft.ServiceUrl, "a:chat", Message("hello"), null, CancellationToken.None);
        Assert.Equal(3, _microsoft.TokenAttempts);
        Assert.Single(_microsoft.Messages);
    }

    [Fact]
    public async Task A_token_endpoint_that_keeps_failing_is_reported_as_transient_without_posting()
    {
        for (var i = 0; i < 10; i++)
        {
            _microsoft.ScriptToken(HttpStatusCode.BadGateway);
        }
        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            Client(Tokens()).SendAsync(_microsoft.ServiceUrl, "a:chat", Message("hello"), null, CancellationToken.None));
        Assert.True(error.IsTransient);
        Assert.Equal(4, _microsoft.TokenAttempts);
        Assert.Empty(_microsoft.Sent);
    }

    [Fact]
    public async Task Rejected_token_is_renewed_once_and_the_send_retried()
    {
        _microsoft.Script(HttpStatusCode.Unauthorized);
        await Client(Tokens()).SendAsync(_microsoft.ServiceUrl, "a:chat", Message("hello"), null, CancellationToken.None);
        Assert.Equal(["Bearer connector-token-1", "Bearer connector-token-2"], _microsoft.Sent.Select(s => s.Authorization));
    }

    [Fact]
    public async Task Token_is_cached_until_five_minutes_before_expiry()
    {
        var tokens = Tokens();
        var client = Client(tokens);
        await client.SendAsync(_microsoft.ServiceUrl, "a:chat", Message("one"), null, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(54));
        await client.SendAsync(_microsoft.ServiceUrl, "a:chat", Message("two"), null, CancellationToken.None);
        Assert.Equal(1, _microsoft.TokenRequests);

        _time.Advance(TimeSpan.FromMinutes(2)); // 56 of 60 minutes: inside the renewal margin
        await client.SendAsync(_microsoft.ServiceUrl, "a:chat", Message("three"), null, CancellationToken.None);
        Assert.Equal(2, _microsoft.TokenRequests);
        Assert.Equal("Bearer connector-token-2", _microsoft.Sent[^1].Authorization);
        Assert.Contains("grant_type=client_credentials", _microsoft.LastTokenForm);
        Assert.Contains("scope=https://api.botframework.com/.default", _microsoft.LastTokenForm);
    }

    [Fact]
    public async Task Wrong_secret_is_reported_without_calling_the_connector()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new TeamsOptions { AppId = TestKey.AppId, AppPassword = "wrong", TokenEndpoint = _microsoft.TokenUrl, AllowedServiceUrls = [_microsoft.ServiceUrl] });
        var tokens = new ConnectorTokenProvider(_services.GetRequiredService<IHttpClientFactory>(), options, _time);
        var client = new ConnectorClient(new HttpClient(), tokens, new ServiceUrlPolicy(options), options, TimeProvider.System, NullLogger<ConnectorClient>.Instance);
        var error = await Assert.ThrowsAsync<ConnectorException>(() => client.SendAsync(_microsoft.ServiceUrl, "a:chat", Message("x"), null, CancellationToken.None));
        Assert.DoesNotContain("wrong", error.Message);
        Assert.Empty(_microsoft.Sent);
        Assert.Equal(1, _microsoft.TokenAttempts); // a refusal is not retried
    }

    [Fact]
    public async Task Update_replaces_the_activity_in_place()
    {
        await Client(Tokens()).UpdateAsync(_microsoft.ServiceUrl, "a:chat", "msg-7", Message("edited"), CancellationToken.None);
        var sent = Assert.Single(_microsoft.Sent);
        Assert.Equal("PUT", sent.Method);
        Assert.Equal("msg-7", sent.ReplyToId);
        Assert.Equal("msg-7", sent.Body["id"]!.GetValue<string>());
        Assert.Equal("edited", sent.Text);
    }

    [Fact]
    public async Task Typing_is_tried_once()
    {
        _microsoft.Script(HttpStatusCode.BadGateway);
        await Assert.ThrowsAsync<ConnectorException>(() =>
            Client(Tokens()).SendTypingAsync(_microsoft.ServiceUrl, "a:chat", MessageActivity.Typing(), CancellationToken.None));
        Assert.Equal("typing", Assert.Single(_microsoft.Sent).Type);
    }

    [Fact]
    public async Task Create_conversation_returns_the_new_thread()
    {
        var parameters = new ConversationParameters(IsGroup: true, new ThreadChannelData(new IdOnly("19:c@thread.tacv2"), Tenant: null), Message("digest"));
        var created = await Client(Tokens()).CreateConversationAsync(_microsoft.ServiceUrl, parameters, CancellationToken.None);
        Assert.StartsWith("19:c@thread.tacv2;messageid=", created.Id);
        Assert.NotNull(created.ActivityId);
        Assert.NotNull(_microsoft.Sent.Single().Activity["id"]);
    }

    [Fact]
    public async Task Conversation_ids_with_reserved_characters_are_escaped_into_one_path_segment()
    {
        await Client(Tokens(auth: false), auth: false).SendAsync(_microsoft.ServiceUrl, "19:x@thread.tacv2;messageid=17", Message("hi"), "17", CancellationToken.None);
        var sent = _microsoft.Sent.Single();
        Assert.Equal("19:x@thread.tacv2;messageid=17", sent.ConversationId);
        Assert.True(string.IsNullOrEmpty(sent.Authorization));
    }
}
