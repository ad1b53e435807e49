using System.Text.Json;
using ChatBot.Discord.Rest;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatBot.Discord.Interactions;

/// <summary>
/// <c>POST /discord/interactions</c>: Discord's alternative to receiving interactions on the
/// gateway. Unsigned or badly signed requests get 401 before anything is parsed.
/// </summary>
internal static class InteractionsEndpoint
{
    public const string Route = "/discord/interactions";
    private const int MaxBodyBytes = 1024 * 1024;

    public static async Task<IResult> HandleAsync(
        HttpContext context,
        Ed25519SignatureVerifier verifier,
        InteractionHandler handler,
        DiscordBackgroundWork work,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(InteractionsEndpoint).FullName!);
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        var body = buffer.ToArray();

        if (!verifier.Verify(context.Request.Headers["X-Signature-Ed25519"], context.Request.Headers["X-Signature-Timestamp"], body))
        {
            logger.LogWarning("Rejected a Discord interaction with a missing or invalid signature");
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "invalid request signature");
        }

        Interaction? interaction;
        try
        {
            interaction = JsonSerializer.Deserialize<Interaction>(body, DiscordJson.Options);
        }
        catch (JsonException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "malformed interaction", detail: e.Message);
        }
        if (interaction is null || interaction.Type == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "malformed interaction");
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
