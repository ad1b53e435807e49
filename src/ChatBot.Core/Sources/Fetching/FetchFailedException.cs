namespace ChatBot.Core.Sources.Fetching;

/// <summary>A fetch that failed for a known reason; the message is what <c>sources list</c> shows.</summary>
public sealed class FetchFailedException(FetchFailureKind kind, string reason, Exception? inner = null) : Exception(reason, inner)
{
    public FetchFailureKind Kind { get; } = kind;
}
