using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatBot.Discord;

/// <summary>
/// Runs the slow part of a reply (asking the engine, editing a deferred response) off the
/// gateway loop and the HTTP request, logs failures, and lets shutdown wait for work in flight.
/// </summary>
public sealed class DiscordBackgroundWork(IHostApplicationLifetime lifetime, ILogger<DiscordBackgroundWork> logger) : IHostedService
{
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public void Run(string what, Func<CancellationToken, Task> work)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work(lifetime.ApplicationStopping);
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                logger.LogError(e, "Discord {What} failed", what);
            }
        });
        _running.TryAdd(task, 0);
        task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
