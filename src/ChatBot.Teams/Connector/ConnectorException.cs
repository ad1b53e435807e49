using System.Net;

namespace ChatBot.Teams.Connector;

/// <summary>The Connector (or the token endpoint) refused a request after any retries.</summary>
public sealed class ConnectorException(string message, HttpStatusCode? status, Exception? inner = null) : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;

    /// <summary>Forbidden/NotFound: the bot was removed or the conversation is gone; retrying cannot help.</summary>
    public bool IsPermanent => Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Gone;
}
