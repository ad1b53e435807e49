using ChatBot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Discord.Commands;

/// <summary>
/// Registers the slash commands at start-up: on the test guild when one is configured (instant),
/// else globally. Runs in the background so a slow or failing Discord does not delay start-up.
/// </summary>
public sealed class CommandRegistrar(DiscordRestClient rest, IOptions<DiscordOptions> options, ILogger<CommandRegistrar> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var guildId = options.Value.GuildId;
        try
        {
            await rest.OverwriteCommandsAsync(guildId, CommandDefinitions.Registration, stoppingToken);
            logger.LogInformation("Registered {Count} Discord commands {Scope}", CommandDefinitions.Registration.Count, string.IsNullOrWhiteSpace(guildId) ? "globally" : $"on guild {guildId}");
        }
        catch (Exception e) when (e is DiscordApiException or HttpRequestException)
        {
            logger.LogError("Could not register Discord commands: {Error}", e.Message);
        }
    }
}
