namespace ChatBot.Core.Knowledge;

/// <summary>
/// The snapshot answers read and the index commit it reflects. Replaced as a whole, so a reader
/// that took <see cref="Value"/> once sees one consistent corpus for its whole request.
/// </summary>
internal sealed class CurrentSnapshot
{
    private volatile KnowledgeSnapshot _value = KnowledgeSnapshot.Empty;
    // The index commit the snapshot reflects; -1 before the first load.
    private long _generation = -1;

    public KnowledgeSnapshot Value => _value;

    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Records <paramref name="generation"/> and swaps in <paramref name="snapshot"/>.</summary>
    /// <returns>True when the snapshot is a different one (a refresh that found nothing new keeps the old one).</returns>
    public bool Replace(KnowledgeSnapshot snapshot, long generation)
    {
        Volatile.Write(ref _generation, generation);
        if (ReferenceEquals(snapshot, _value))
        {
            return false;
        }
        _value = snapshot;
        return true;
    }
}
