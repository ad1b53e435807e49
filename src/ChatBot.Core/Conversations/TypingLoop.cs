using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Conversations;

/// <summary>
/// Shows "typing…" while slow work runs: platforms clear the indicator after a few seconds, so it
/// is sent at once and then repeated until the scope is disposed. A failed indicator is cosmetic:
/// it is logged and the loop stops, the answer goes out regardless.
/// </summary>
public sealed class TypingLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;

    private TypingLoop(Func<CancellationToken, Task> send, TimeSpan interval, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _loop = RunAsync(send, interval, time, logger, _stop.Token);
    }

    /// <param name="send">Sends one typing indicator.</param>
    public static TypingLoop Start(Func<CancellationToken, Task> send, TimeSpan interval, TimeProvider time, ILogger logger, CancellationToken cancellationToken) =>
        new(send, interval, time, logger, cancellationToken);

    private static async Task RunAsync(Func<CancellationToken, Task> send, TimeSpan interval, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        // The first indicator is requested before the caller's work starts; the loop then runs
        // beside it from the first await on.
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await send(cancellationToken);
                await Task.Delay(interval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogDebug("Typing indicator stopped: {Error}", e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
