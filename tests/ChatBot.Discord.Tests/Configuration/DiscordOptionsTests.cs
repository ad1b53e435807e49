using ChatBot.Discord.Gateway;
using ChatBot.Discord.Tests.Fakes;
using ChatBot.Host.Hosting;
using ChatBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatBot.Discord.Tests.Configuration;

public sealed class DiscordOptionsTests
{
    private static ValidateOptionsResult Validate(DiscordOptions options) => new DiscordOptionsValidator().Validate(null, options);

    private static DiscordOptions Valid() => new() { Token = "t", ApplicationId = "123456789012345678", PublicKey = new string('a', 64), GuildId = "223456789012345678" };

    [Fact]
    public void Complete_configuration_is_valid()
    {
        Assert.True(Validate(Valid()).Succeeded);
    }

    [Fact]
    public void Without_a_token_nothing_else_is_required()
    {
        Assert.True(Validate(new DiscordOptions { ApiBaseUrl = "not a url" }).Succeeded);
    }

    [Theory]
    [InlineData("ApplicationId", "", "Discord:ApplicationId")]
    [InlineData("ApplicationId", "abc", "Discord:ApplicationId")]
    [InlineData("ApiBaseUrl", "discord.com/api", "Discord:ApiBaseUrl")]
    [InlineData("ApiBaseUrl", "ftp://discord.com/api", "Discord:ApiBaseUrl")]
    [InlineData("PublicKey", "abc", "Discord:PublicKey")]
    [InlineData("PublicKey", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "Discord:PublicKey")]
    [InlineData("GuildId", "my-guild", "Discord:GuildId")]
    [InlineData("Shards", "0", "Discord:Shards")]
    [InlineData("Shards", "many", "Discord:Shards")]
    [InlineData("Shards", "-2", "Discord:Shards")]
    [InlineData("Shards", "100000", "Discord:Shards")]
    [InlineData("ShardIds", "0-x", "Discord:ShardIds")]
    [InlineData("ShardIds", "3-1", "Discord:ShardIds")]
    public void Bad_values_are_named_in_the_error(string property, string value, string named)
    {
        var options = Valid();
        typeof(DiscordOptions).GetProperty(property)!.SetValue(options, value);

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains(named, result.FailureMessage);
    }

    [Theory]
    [InlineData("auto", "", true)]
    [InlineData("AUTO", "0-99", true)]
    [InlineData("4", "0-3", true)]
    [InlineData("4", "", true)]
    [InlineData("4", "2,3", true)]
    [InlineData("4", "0-4", false)]
    [InlineData("1", "1", false)]
    public void ShardIds_must_lie_within_a_fixed_shard_count(string shards, string ids, bool valid)
    {
        var options = Valid();
        options.Shards = shards;
        options.ShardIds = ids;

        var result = Validate(options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains($"Discord:Shards is {shards}", result.FailureMessage);
        }
    }

    [Theory]
    [InlineData(null, null, true)]          // defaults: a 30 s claim, resumed well inside the 2 min window
    [InlineData("00:01:40", null, true)]    // 100 s + 10 s wake-up + 10 s for the post = 120 s: just fits
    [InlineData("00:01:41", null, false)]
    [InlineData("00:00:30", "00:00:45", false)]
    [InlineData("00:05:00", "00:00:00", true)] // never reposting: nothing to fit
    public void A_digest_claim_too_long_to_resume_a_crashed_post_inside_the_nonce_window_is_refused(string? claimLease, string? nonceWindow, bool valid)
    {
        var digests = new ChatBot.Core.Digests.DigestOptions();
        if (claimLease is not null)
        {
            digests.ClaimLease = TimeSpan.Parse(claimLease, System.Globalization.CultureInfo.InvariantCulture);
        }
        var options = Valid();
        if (nonceWindow is not null)
        {
            options.Rest.NonceWindow = TimeSpan.Parse(nonceWindow, System.Globalization.CultureInfo.InvariantCulture);
        }

        var result = new ChatBot.Discord.Digests.DigestTakeoverValidator(Options.Create(digests)).Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("ChatBot:Digests:ClaimLease", result.FailureMessage);
            Assert.Contains("Discord:Rest:NonceWindow", result.FailureMessage);
        }
    }

    [Fact]
    public async Task A_digest_claim_longer_than_the_nonce_window_allows_stops_the_host_at_start_up()
    {
        var app = ChatBotHostFactory.CreateWorker([], new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ChatBot:Data:Path"] = Path.Combine(Path.GetTempPath(), "chatbot-discord-tests", Guid.NewGuid().ToString("n")),
            ["Discord:Token"] = "secret-token",
            ["Discord:ApplicationId"] = "123456789012345678",
            ["ChatBot:Digests:ClaimLease"] = "00:05:00",
        }, RepositoryPaths.Root);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("ChatBot:Digests:ClaimLease", error.Message);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Invalid_configuration_stops_the_host_at_start_up()
    {
        var app = ChatBotHostFactory.CreateWorker([], new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ChatBot:Data:Path"] = Path.Combine(Path.GetTempPath(), "chatbot-discord-tests", Guid.NewGuid().ToString("n")),
            ["Discord:Token"] = "secret-token",
            ["Discord:ApplicationId"] = "",
        }, RepositoryPaths.Root);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Discord:ApplicationId", error.Message);
        Assert.DoesNotContain("secret-token", error.Message);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Without_a_token_the_adapter_is_off_and_says_so_once()
    {
        var logs = new CapturingLoggerProvider();
        var app = ChatBotHostFactory.CreateWorker([], new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ChatBot:Data:Path"] = Path.Combine(Path.GetTempPath(), "chatbot-discord-tests", Guid.NewGuid().ToString("n")),
            ["Discord:Token"] = "",
        }, RepositoryPaths.Root, services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));

        await app.StartAsync();
        try
        {
            Assert.Null(app.Services.GetService<DiscordGatewayClient>());
            Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), s => s.GetType().Namespace!.StartsWith("ChatBot.Discord.Gateway", StringComparison.Ordinal));
            Assert.Single(logs.Entries, e => e.Message.Contains("Discord adapter is off", StringComparison.Ordinal));
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var response = await http.PostAsync("discord/interactions", new StringContent("{}"));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
