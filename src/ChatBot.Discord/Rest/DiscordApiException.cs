using System.Net;

namespace ChatBot.Discord.Rest;

/// <summary>Discord refused a request; <see cref="Code"/> is Discord's JSON error code when it sent one.</summary>
public sealed class DiscordApiException(HttpStatusCode status, int? code, string message)
    : Exception($"Discord answered {(int)status} {status}{(code is null ? "" : $" (code {code})")}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    public int? Code { get; } = code;

    /// <summary>Retrying cannot help: the channel is gone or the bot lacks access.</summary>
    public bool IsPermanent => Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Unauthorized;
}
