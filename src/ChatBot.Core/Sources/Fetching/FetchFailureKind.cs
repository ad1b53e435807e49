namespace ChatBot.Core.Sources.Fetching;

/// <summary>Why a fetch failed, in categories <c>sources list</c> and tests can rely on.</summary>
public enum FetchFailureKind
{
    Unreachable,
    Timeout,
    NotFound,
    Gone,
    ServerError,
    HttpError,
    RedirectLoop,
    TooManyRedirects,
    TooLarge,
    BinaryContent,
    Malformed,
    RobotsDisallowed,
    Refused,
    CircuitOpen,
}
