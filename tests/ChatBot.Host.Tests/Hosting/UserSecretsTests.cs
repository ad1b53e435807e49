using ChatBot.Host.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace ChatBot.Host.Tests.Hosting;

public sealed class UserSecretsTests
{
    private static readonly string RepositoryRoot = ContentRootLocator.Locate(AppContext.BaseDirectory, AppContext.BaseDirectory);

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Tokens_in_user_secrets_are_read_in_every_environment_above_appsettings_and_below_the_environment(string environment)
    {
        await using var app = ChatBotHostFactory.CreateWorker(["--environment", environment], contentRoot: RepositoryRoot);
        var sources = ((IConfigurationBuilder)app.Configuration).Sources.ToList();

        var secrets = sources.FindIndex(s => s is JsonConfigurationSource { Path: "secrets.json" });
        var appSettings = sources.FindLastIndex(s => s is JsonConfigurationSource { Path: { } path } && path.StartsWith("appsettings", StringComparison.Ordinal));
        var environmentVariables = sources.FindLastIndex(s => s is EnvironmentVariablesConfigurationSource { Prefix: null or "" });

        Assert.Equal(1, sources.Count(s => s is JsonConfigurationSource { Path: "secrets.json" }));
        Assert.InRange(secrets, appSettings + 1, environmentVariables - 1);
    }
}
