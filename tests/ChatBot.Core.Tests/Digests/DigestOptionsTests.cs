using ChatBot.Core.Digests;
using ChatBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Tests.Digests;

public sealed class DigestOptionsTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("ChatBot:Digests:DefaultTimeZone", "Mars/Olympus", "Unknown time zone \"Mars/Olympus\"")]
    [InlineData("ChatBot:Digests:DefaultCron", "every monday", "has 2 field(s)")]
    [InlineData("ChatBot:Digests:MaxAttempts", "0", "MaxAttempts")]
    [InlineData("ChatBot:Digests:RetryDelay", "00:10:00", "MaxRetryDelay must not be shorter")]
    public void Bad_digest_settings_stop_the_start_with_a_message_that_says_which(string key, string value, string expected)
    {
        var overrides = new Dictionary<string, string?> { [key] = value };
        if (key.EndsWith("RetryDelay", StringComparison.Ordinal))
        {
            overrides["ChatBot:Digests:MaxRetryDelay"] = "00:05:00";
        }
        using var host = Build(overrides);

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_defaults_are_valid_and_weekly_on_monday_morning_in_brussels()
    {
        using var host = Build([]);

        host.Services.GetRequiredService<IStartupValidator>().Validate();
        var options = host.Services.GetRequiredService<IOptions<DigestOptions>>().Value;

        Assert.Equal(("0 9 * * MON", "Europe/Brussels"), (options.DefaultCron, options.DefaultTimeZone));
        Assert.NotNull(host.Services.GetRequiredService<IDigestService>());
    }

    private IHost Build(Dictionary<string, string?> overrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _data.Path });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(overrides)
        {
            ["ChatBot:Corpus:Path"] = RepositoryPaths.Corpus,
            ["ChatBot:Data:Path"] = _data.Path,
        });
        builder.Services.AddChatBotCore(builder.Configuration);
        return builder.Build();
    }
}
