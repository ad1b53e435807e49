using System.Net;

namespace ChatBot.Teams.Connector;

/// <summary>The Connector (or the token endpoint) refused a request after any retries.</summary>
public class ConnectorException(string message, HttpStatusCode? status, Exception? inner = null) : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;

    /// <summary>Forbidden/NotFound: the bot was removed or the conversation is gone; retrying cannot help.</summary>
    public bool IsPermanent => Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Gone || RefusedByPolicy;

    /// <summary>The bot itself refused to send (the serviceUrl is not an allowed Connector URL).</summary>
    public bool RefusedByPolicy { get; init; }

    /// <summary>
    /// The request reached the service and its fate is unknown (a 5xx to a post, a timeout or an
    /// interruption after sending). The Connector has no idempotency key, so sending again may
    /// post twice: callers record the part as possibly delivered instead of repeating it.
    /// </summary>
    public bool MayHaveBeenAccepted { get; init; }

    /// <summary>The caller cancelled (shutdown, publish timeout) while the request was on the wire; implies <see cref="MayHaveBeenAccepted"/>.</summary>
    public bool Interrupted { get; init; }

    /// <summary>The service asked to wait this long (429 Retry-After beyond what a request waits in place): try again later, not now.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Worth trying again later as a whole (throttled, gateway errors, unreachable) without any risk of a duplicate.</summary>
    public bool IsTransient { get; init; }
}
