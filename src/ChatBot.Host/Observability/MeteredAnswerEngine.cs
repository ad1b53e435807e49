using ChatBot.Core.Answers;

namespace ChatBot.Host.Observability;

/// <summary>
/// Wraps the registered answer engine so every platform's questions are counted and timed in one
/// place, by <see cref="AskRequest.Origin"/>, without the adapters knowing about metrics.
/// </summary>
public sealed class MeteredAnswerEngine(IAnswerEngine inner, AnswerMetrics metrics, TimeProvider time, bool ownsInner = false)
    : IAnswerEngine, IAsyncDisposable, IDisposable
{
    public async Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var answer = await inner.AskAsync(request, cancellationToken);
            metrics.Record(request.Origin, answer.Answered ? "answered" : "refused", time.GetElapsedTime(started));
            return answer;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The asker went away; that says nothing about the engine, so it is not an error.
            throw;
        }
        catch
        {
            metrics.Record(request.Origin, "error", time.GetElapsedTime(started));
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!ownsInner)
        {
            return;
        }
        switch (inner)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    public void Dispose()
    {
        if (ownsInner && inner is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
