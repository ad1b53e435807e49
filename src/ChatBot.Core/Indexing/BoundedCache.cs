using System.Collections.Concurrent;

namespace ChatBot.Core.Indexing;

/// <summary>
/// A thread-safe cache with string keys that never holds more than two generations of
/// <c>capacity</c> entries. Lookups try the current generation, then the previous one (moving a hit
/// forward); when the current one is full it becomes the previous one and the oldest is dropped.
/// Entries in use keep being moved forward, so a flood of one-off keys (random words sent as
/// questions) costs at most the bound and pushes out only what is not being used.
/// </summary>
public sealed class BoundedCache<TValue>
{
    private readonly int _capacity;
    private readonly Lock _rotation = new();
    private volatile Generation _current = new();
    private volatile Generation _previous = new();

    public BoundedCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Entries held now; at most twice the capacity (plus the few racing writers).</summary>
    public int Count => _current.Entries.Count + _previous.Entries.Count;

    public bool TryGetValue(ReadOnlySpan<char> key, out TValue value)
    {
        var current = _current;
        if (current.Lookup.TryGetValue(key, out value!))
        {
            return true;
        }
        if (_previous.Lookup.TryGetValue(key, out var storedKey, out value!))
        {
            Add(storedKey, value);
            return true;
        }
        return false;
    }

    public void Add(string key, TValue value)
    {
        var current = _current;
        if (current.Added >= _capacity)
        {
            lock (_rotation)
            {
                if (ReferenceEquals(current, _current))
                {
                    _previous = current;
                    _current = new Generation();
                }
                current = _current;
            }
        }
        if (current.Entries.TryAdd(key, value))
        {
            current.CountAdded();
        }
        else
        {
            current.Entries[key] = value;
        }
    }

    public TValue GetOrAdd(string key, Func<string, TValue> create)
    {
        if (TryGetValue(key, out var value))
        {
            return value;
        }
        value = create(key);
        Add(key, value);
        return value;
    }

    private sealed class Generation
    {
        public Generation()
        {
            Lookup = Entries.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public ConcurrentDictionary<string, TValue> Entries { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, TValue>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }

        private int _added;

        /// <summary>
        /// Keys added so far, counted as they are added: <see cref="ConcurrentDictionary{TKey, TValue}.Count"/>
        /// takes every lock of the dictionary, and answers add to these caches for every line they read.
        /// </summary>
        public int Added => Volatile.Read(ref _added);

        public void CountAdded() => Interlocked.Increment(ref _added);
    }
}
