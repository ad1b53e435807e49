using System.Collections.Concurrent;
using ChatBot.Core.Conversations;

namespace ChatBot.Teams.Tests.Fakes;

public sealed class FakeConversationStore : IConversationStore
{
    public ConcurrentDictionary<ChannelKey, string> References { get; } = new();

    public Task SaveReferenceAsync(ChannelKey channel, string referenceJson, CancellationToken cancellationToken)
    {
        References[channel] = referenceJson;
        return Task.CompletedTask;
    }

    public Task<string?> GetReferenceAsync(ChannelKey channel, CancellationToken cancellationToken) =>
        Task.FromResult(References.TryGetValue(channel, out var json) ? json : null);
}
