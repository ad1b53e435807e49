using System.Collections.Concurrent;
using ChatBot.Core.Conversations;
using ChatBot.Core.Digests;

namespace ChatBot.Core.Tests.Fakes;

/// <summary>Records what would have been posted; tests script failures per channel.</summary>
public sealed class FakeDigestPublisher(string platform) : IDigestPublisher
{
    private readonly ConcurrentQueue<(ChannelKey Channel, Digest Digest)> _posts = new();
    private int _attempts;

    public string Platform { get; } = platform;

    /// <summary>Returns the exception to throw for a channel, or null to accept the post.</summary>
    public Func<ChannelKey, Exception?> Fail { get; set; } = _ => null;

    /// <summary>When set, posts wait for it (so a test can stop the host mid-post).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<(ChannelKey Channel, Digest Digest)> Posts => _posts.ToList();

    /// <summary>Calls made, including ones still waiting at <see cref="Gate"/> or failing.</summary>
    public int Attempts => _attempts;

    public int PostsTo(ChannelKey channel) => _posts.Count(p => p.Channel == channel);

    public async Task PublishAsync(ChannelKey channel, Digest digest, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        Entered.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        if (Fail(channel) is { } error)
        {
            throw error;
        }
        _posts.Enqueue((channel, digest));
    }
}
