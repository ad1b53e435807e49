using System.Collections;
using System.Collections.Concurrent;
using ChatBot.Core.Feedback;

namespace ChatBot.Testing.Fakes;

/// <summary>
/// The answers an <see cref="FakeAnswerLog"/> holds: enumerable for "exactly one was logged" checks,
/// and indexable by id for following a feedback vote back to its answer.
/// </summary>
public sealed class LoggedAnswers : IReadOnlyCollection<LoggedAnswer>
{
    // Concurrent: the worker records answers on request threads while a test reads them.
    private readonly ConcurrentDictionary<string, LoggedAnswer> _byId = new();

    public int Count => _byId.Count;

    public LoggedAnswer this[string id] => _byId[id];

    public IEnumerator<LoggedAnswer> GetEnumerator() => _byId.Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Add(LoggedAnswer answer) => _byId[answer.Id] = answer;

    internal LoggedAnswer? Find(string id) => _byId.GetValueOrDefault(id);
}
