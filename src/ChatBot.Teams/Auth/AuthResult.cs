using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatBot.Teams.Auth;

/// <summary>The outcome of checking an inbound request's bearer token.</summary>
public sealed record AuthResult(bool Succeeded, string? Failure, ClaimsIdentity? Identity)
{
    public static AuthResult Fail(string reason) => new(false, reason, null);
}
