using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Teams;

/// <summary>Says once, at start-up, when inbound auth is off, so nobody runs Emulator mode in production unknowingly.</summary>
internal sealed class TeamsStartupReport(IOptions<TeamsOptions> options, ILogger<TeamsStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.AuthEnabled)
        {
            logger.LogWarning("Teams auth disabled: Emulator mode (development only). Set Teams:AppId and Teams:AppPassword for Teams.");
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
