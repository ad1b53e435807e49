using System.Collections.Concurrent;
using ChatBot.Core.Answers;
using ChatBot.Core.Digests;

namespace ChatBot.Core.Tests.Fakes;

/// <summary>Records the periods it was asked for; returns a one-item digest unless told the period is empty.</summary>
public sealed class FakeDigestComposer : IDigestComposer
{
    private readonly ConcurrentQueue<(DateTimeOffset Since, DateTimeOffset Until)> _calls = new();

    public IReadOnlyList<(DateTimeOffset Since, DateTimeOffset Until)> Calls => _calls.ToList();

    public bool Empty { get; set; }

    public Task<Digest> ComposeAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        _calls.Enqueue((since, until));
        var body = new Answer("What is new?", true, Empty ? "Nothing new." : "Semiconductors\n• Doc: text [1]", [], 1);
        IReadOnlyList<DigestSection> sections = Empty
            ? []
            : [new DigestSection("Semiconductors", [new DigestItem(new Corpus.DocumentInfo("d", "Doc", null, null, null, null, "en", [], "h"), DocumentChangeKind.Added, 1)])];
        return Task.FromResult(new Digest(since, until, sections, body));
    }
}
