using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatBot.Teams.Activities;

/// <summary>
/// Accepted activities waiting for processing, so <c>POST /api/messages</c> can answer at once
/// (Teams retries anything slower than 15 s) while the answer goes out via the Connector.
/// </summary>
public sealed class ActivityQueue
{
    internal const int Capacity = 256;

    private readonly Channel<Activity> _channel = Channel.CreateBounded<Activity>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <returns>False when the queue is full; the caller answers 503 so the sender retries later.</returns>
    public bool TryEnqueue(Activity activity) => _channel.Writer.TryWrite(activity);

    internal ChannelReader<Activity> Reader => _channel.Reader;
}

/// <summary>Drains the <see cref="ActivityQueue"/> with a few parallel workers; a failure affects only its activity.</summary>
internal sealed class ActivityProcessor(ActivityQueue queue, IServiceScopeFactory scopes, ILogger<ActivityProcessor> logger) : BackgroundService
{
    private const int Workers = 4;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var activity in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<TeamsActivityHandler>().HandleAsync(activity, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Teams activity {Type} {Id} failed", activity.Type, activity.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
