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

/// <summary>A fetch that failed for a known reason; the message is what <c>sources list</c> shows.</summary>
public sealed class FetchFailedException(FetchFailureKind kind, string reason, Exception? inner = null) : Exception(reason, inner)
{
    public FetchFailureKind Kind { get; } = kind;
}

/// <summary>Thrown by the connector when a host resolves only to addresses the policy refuses; never retried.</summary>
public sealed class AddressRefusedException(string reason) : Exception(reason);
