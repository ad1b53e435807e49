namespace ChatBot.Core.Evaluation;

/// <param name="HeapBytes">Managed heap after a full collection.</param>
/// <param name="WorkingSetBytes">The process's working set right after that collection.</param>
/// <param name="PeakWorkingSetBytes">The highest working set so far.</param>
public sealed record MemoryCheckpoint(string Step, long HeapBytes, long WorkingSetBytes, long PeakWorkingSetBytes)
{
    /// <summary>Memory the garbage collector holds from the system (heap plus what it keeps for reuse).</summary>
    public long CommittedBytes { get; init; }

    /// <summary>Resident pages of mapped files (index files, libraries): part of the working set, not of the heap; 0 where the system does not say.</summary>
    public long MappedFileBytes { get; init; }
}
