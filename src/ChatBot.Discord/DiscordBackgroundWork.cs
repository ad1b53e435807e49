using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Discord;

/// <summary>
/// Runs the slow part of a reply (asking the engine, editing a deferred response) off the
/// gateway loop and the HTTP request, and logs failures. A graceful stop lets work in flight
/// finish (someone is waiting on "thinking…") for up to <see cref="DiscordOptions.DrainTimeout"/>;
/// only then is what remains cancelled.
/// </summary>
public sealed class DiscordBackgroundWork(IOptions<DiscordOptions> options, TimeProvider time, ILogger<DiscordBackgroundWork> logger) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<Task, string> _running = new();
    private readonly CancellationTokenSource _abandon = new();

    /// <summary>Work in flight (for tests and the shutdown log).</summary>
    public int Running => _running.Count;

    public void Run(string what, Func<CancellationToken, Task> work)
    {
        var token = _abandon.Token;
        var task = Task.Run(async () =>
        {
            try
            {
                await work(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                logger.LogWarning("Discord {What} was abandoned at shutdown", what);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Discord {What} failed", what);
            }
        });
        _running.TryAdd(task, what);
        task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_running.IsEmpty)
        {
            return;
        }
        var timeout = options.Value.DrainTimeout;
        logger.LogInformation("Waiting up to {Timeout} for {Count} Discord replies in flight", timeout, _running.Count);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        // Work may still be added while draining (an HTTP interaction answered just before the server stopped).
        while (!_running.IsEmpty && !drain.IsCancellationRequested)
        {
            await Task.WhenAll(_running.Keys).WaitAsync(drain.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        if (_running.IsEmpty)
        {
            return;
        }
        logger.LogWarning("Gave up waiting for {Count} Discord replies after {Timeout}: {What}", _running.Count, timeout, string.Join(", ", _running.Values));
        await _abandon.CancelAsync();
        // Cancelled work gets a moment to tell its user; the host's own shutdown timeout still bounds this.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
        using var last = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, grace.Token);
        await Task.WhenAll(_running.Keys).WaitAsync(last.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _abandon.Dispose();
}
