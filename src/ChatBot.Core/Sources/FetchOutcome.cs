namespace ChatBot.Core.Sources;

public enum FetchOutcome
{
    /// <summary>Fetched and processed (possibly with nothing new).</summary>
    Fetched,

    /// <summary>The server answered 304: nothing changed, nothing was downloaded.</summary>
    NotModified,

    Failed,
}
