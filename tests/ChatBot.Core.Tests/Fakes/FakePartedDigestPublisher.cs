using System.Collections.Concurrent;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;

namespace ChatBot.Core.Tests.Fakes;

/// <summary>
/// A platform that takes a digest in several parts and has no idempotent post, as Teams: it
/// reports each part through <see cref="DeliveryProgress"/>, and tests script a part that is
/// refused (nothing arrives), taken with an error (arrives, fate unknown to the bot), or on the
/// wire when the attempt is stopped.
/// </summary>
public sealed class FakePartedDigestPublisher(string platform, int parts) : IDigestPublisher
{
    private readonly ConcurrentQueue<(int Part, Digest Digest)> _arrived = new();
    private readonly ConcurrentQueue<int> _startedAt = new();

    public string Platform { get; } = platform;

    /// <summary>Parts as the channel shows them (including ones the bot could not be sure about).</summary>
    public IReadOnlyList<(int Part, Digest Digest)> Arrived => [.. _arrived];

    /// <summary>The part each call started from.</summary>
    public IReadOnlyList<int> StartedAt => [.. _startedAt];

    /// <summary>Refuse this part once (nothing arrives), with this error.</summary>
    public (int Part, Exception Error)? RefuseOnce { get; set; }

    /// <summary>Parts the platform takes but answers with an error (a 5xx after receiving).</summary>
    public HashSet<int> TakenWithError { get; } = [];

    /// <summary>This part stays on the wire until the attempt is cancelled; it arrives anyway.</summary>
    public int? HangAt { get; set; }

    public TaskCompletionSource Hanging { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Non-zero: the platform recognises a repeated part key this long (as Discord's enforced nonce).</summary>
    public TimeSpan IdempotencyWindow { get; set; }

    /// <summary>The part key each part was sent with, in order.</summary>
    public IReadOnlyList<(int Part, string? Key)> Keys => [.. _keys];

    private readonly ConcurrentQueue<(int Part, string? Key)> _keys = new();

    public Task PublishAsync(ChannelKey channel, Digest digest, CancellationToken cancellationToken) =>
        PublishAsync(channel, digest, DeliveryProgress.None(), cancellationToken);

    public async Task PublishAsync(ChannelKey channel, Digest digest, DeliveryProgress progress, CancellationToken cancellationToken)
    {
        _startedAt.Enqueue(progress.PartsDone);
        for (var part = progress.PartsDone; part < parts; part++)
        {
            await progress.BeginPartAsync(part, cancellationToken);
            _keys.Enqueue((part, progress.PartKey(part)));
            if (RefuseOnce is { } refuse && refuse.Part == part)
            {
                RefuseOnce = null;
                await progress.PartNotSentAsync(cancellationToken);
                throw refuse.Error;
            }
            if (HangAt == part)
            {
                HangAt = null;
                Hanging.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    _arrived.Enqueue((part, digest));
                    await progress.PartUncertainAsync(part, parts, "interrupted after sending", cancellationToken);
                    throw;
                }
            }
            _arrived.Enqueue((part, digest));
            if (TakenWithError.Contains(part))
            {
                await progress.PartUncertainAsync(part, parts, "the platform answered 500", cancellationToken);
                continue;
            }
            await progress.PartSentAsync(part, "thread-1", cancellationToken);
        }
    }
}
