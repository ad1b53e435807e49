using ChatBot.Core.Knowledge;
using ChatBot.Core.Semantic;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Evaluation;

/// <param name="HeapBytes">Managed heap after a full collection.</param>
/// <param name="WorkingSetBytes">The process's working set right after that collection.</param>
/// <param name="PeakWorkingSetBytes">The highest working set so far.</param>
public sealed record MemoryCheckpoint(string Step, long HeapBytes, long WorkingSetBytes, long PeakWorkingSetBytes);
