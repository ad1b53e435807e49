using System.Text.Json;
using ChatBot.Core.Coordination;
using ChatBot.Core.Diagnostics;
using ChatBot.Discord.Rest;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ChatBot.Discord.Interactions;

/// <summary>
/// <c>POST /discord/interactions</c>: Discord's alternative to receiving interactions on the
/// gateway. Bodies over 1 MiB get 413 while being read, unsigned or badly signed requests 401
/// before anything is parsed, replays 409; every refusal is logged at a bounded rate.
/// </summary>
internal static class InteractionsEndpoint
{
    public const string Route = "/discord/interactions";

    /// <summary>Interactions are a few KB; anything near this is not from Discord.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static async Task<IResult> HandleAsync(
        HttpContext context,
        Ed25519SignatureVerifier verifier,
        InteractionHandler handler,
        DiscordBackgroundWork work,
        EventDeduplicator seen,
        RefusalLog refusals)
    {
        var client = context.Connection.RemoteIpAddress?.ToString();
        // The server stops reading at the limit (chunked bodies included): an unauthenticated
        // client cannot make the worker buffer more than this before the signature is checked.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            refusals.Refused(Route, $"body of {context.Request.ContentLength} bytes (limit {MaxBodyBytes})", client);
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            refusals.Refused(Route, $"body over {MaxBodyBytes} bytes", client);
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (!verifier.Verify(context.Request.Headers["X-Signature-Ed25519"], context.Request.Headers["X-Signature-Timestamp"], body))
        {
            refusals.Refused(Route, "missing or invalid signature", client);
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "invalid request signature");
        }

        Interaction? interaction;
        try
        {
            interaction = JsonSerializer.Deserialize<Interaction>(body, DiscordJson.Options);
        }
        catch (JsonException e)
        {
            refusals.Refused(Route, "malformed interaction JSON", client);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "malformed interaction", detail: e.Message);
        }
        if (interaction is null || interaction.Type == 0 || string.IsNullOrEmpty(interaction.Id))
        {
            refusals.Refused(Route, "interaction without id or type", client);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "malformed interaction");
        }
        // A signature stays valid for minutes, so a captured request could be sent again; each
        // interaction is answered once. PING has no effect, so Discord may repeat it freely.
        if (interaction.Type != Interaction.PingType && !await seen.TryAddAsync("discord:interaction:" + interaction.Id, context.RequestAborted))
        {
            refusals.Refused(Route, $"replay of interaction {interaction.Id}", client);
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "interaction already handled");
        }

        var reply = handler.Handle(interaction);
        if (reply.After is { } after)
        {
            // The deferred edit may only start once Discord has our response.
            context.Response.OnCompleted(() =>
            {
                work.Run("complete an interaction", after);
                return Task.CompletedTask;
            });
        }
        return Results.Json(reply.Response, DiscordJson.Options);
    }
}
