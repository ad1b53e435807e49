using ChatBot.Teams.Auth;
using ChatBot.Teams.Tests.Fakes;
using ChatBot.Teams.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Teams.Tests;

public sealed class SigningKeySourceTests : IAsyncLifetime
{
    private FakeMicrosoft _fake = null!;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _fake = await FakeMicrosoft.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Keys_and_endorsements_are_read_and_cached_until_the_automatic_refresh()
    {
        var source = new SigningKeySource(_fake.MetadataUrl, _http, _time);
        var metadata = await source.GetAsync(CancellationToken.None);
        Assert.NotNull(metadata.Find("key-1"));
        Assert.True(metadata.IsEndorsedFor("key-1", "msteams"));
        Assert.False(metadata.IsEndorsedFor("key-1", "webchat"));

        _time.Advance(SigningKeySource.AutomaticRefresh - TimeSpan.FromMinutes(1));
        await source.GetAsync(CancellationToken.None);
        Assert.Equal(1, _fake.JwksRequests);

        _time.Advance(TimeSpan.FromMinutes(2));
        await source.GetAsync(CancellationToken.None);
        Assert.Equal(2, _fake.JwksRequests);
    }

    [Fact]
    public async Task Unknown_key_ids_force_a_refetch_at_most_once_per_interval()
    {
        var source = new SigningKeySource(_fake.MetadataUrl, _http, _time);
        await source.GetAsync(CancellationToken.None);

        await source.GetForKeyAsync("forged-1", CancellationToken.None);
        await source.GetForKeyAsync("forged-2", CancellationToken.None);
        await source.GetForKeyAsync("forged-3", CancellationToken.None);
        Assert.Equal(2, _fake.JwksRequests);

        _time.Advance(SigningKeySource.MinimumForcedRefresh);
        var rolled = TestKey.Create("key-2", "msteams");
        _fake.PublishKeys(rolled);
        var metadata = await source.GetForKeyAsync("key-2", CancellationToken.None);
        Assert.NotNull(metadata.Find("key-2"));
        Assert.Equal(3, _fake.JwksRequests);
    }

    [Fact]
    public async Task Metadata_without_jwks_uri_is_refused_and_the_old_keys_are_kept()
    {
        var source = new SigningKeySource(_fake.MetadataUrl, _http, _time);
        var before = await source.GetAsync(CancellationToken.None);

        _fake.PublishJwksUri = false;
        _time.Advance(SigningKeySource.AutomaticRefresh);
        var after = await source.GetAsync(CancellationToken.None);
        Assert.Same(before, after);
        Assert.NotNull(after.Find("key-1"));
        Assert.Equal(1, _fake.JwksRequests);

        var fresh = new SigningKeySource(_fake.MetadataUrl, _http, _time);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => fresh.GetAsync(CancellationToken.None));
        Assert.Contains("has no jwks_uri", error.Message);
    }

    [Fact]
    public async Task Remote_metadata_over_plain_http_is_refused()
    {
        var source = new SigningKeySource("http://login.example.com/openid", _http, _time);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => source.GetAsync(CancellationToken.None));
        Assert.Contains("https required", error.Message);
    }
}
