using System.Security.Claims;

namespace ChatBot.Teams.Auth;

/// <summary>The outcome of checking an inbound request's bearer token.</summary>
public sealed record AuthResult(bool Succeeded, string? Failure, ClaimsIdentity? Identity)
{
    public static AuthResult Fail(string reason) => new(false, reason, null);
}
