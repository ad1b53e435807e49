using System.Text.Json;
using ChatBot.Teams.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Teams.Activities;

/// <summary>
/// <c>POST /api/messages</c>: size cap, parse, authenticate, de-duplicate, queue, answer at once.
/// The reply itself goes out later through the Connector.
/// </summary>
internal static class MessagesEndpoint
{
    public const string EmulatorChannel = "emulator";

    public static async Task<IResult> HandleAsync(
        HttpContext context,
        IOptions<TeamsOptions> options,
        BotFrameworkTokenValidator validator,
        RecentActivityIds recent,
        ActivityQueue queue,
        TeamsActivityHandler handler,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(MessagesEndpoint).FullName!);
        var settings = options.Value;
        var cancellationToken = context.RequestAborted;

        if (context.Request.ContentLength > settings.MaxRequestBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        var authorization = context.Request.Headers.Authorization.ToString();
        if (settings.AuthEnabled && string.IsNullOrWhiteSpace(authorization))
        {
            logger.LogWarning("Teams request refused: missing bearer token");
            return Results.Unauthorized();
        }

        var body = await ReadBoundedAsync(context.Request.Body, settings.MaxRequestBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(body, Activity.Json);
        }
        catch (JsonException)
        {
            return Results.BadRequest(new { error = "body is not a valid activity JSON" });
        }
        if (Missing(activity) is { } missing)
        {
            return Results.BadRequest(new { error = $"activity is missing {missing}" });
        }

        if (settings.AuthEnabled)
        {
            var auth = await validator.ValidateAsync(authorization, activity!.ServiceUrl!, activity.ChannelId!, cancellationToken).ConfigureAwait(false);
            if (!auth.Succeeded)
            {
                return Results.Unauthorized();
            }
        }
        else if (!string.Equals(activity!.ChannelId, EmulatorChannel, StringComparison.OrdinalIgnoreCase))
        {
            // Without an app id nothing can be verified: only the local Emulator is served.
            logger.LogWarning("Teams request refused: auth is disabled and channel {ChannelId} is not the Emulator", activity.ChannelId);
            return Results.Unauthorized();
        }
        else if (!new Uri(activity.ServiceUrl!).IsLoopback)
        {
            // Unauthenticated activities must not make the bot post to arbitrary hosts.
            logger.LogWarning("Teams request refused: in Emulator mode replies go to a local serviceUrl only");
            return Results.Unauthorized();
        }

        var key = activity.Id is { Length: > 0 } id ? $"{activity.ChannelId}|{activity.Conversation!.Id}|{id}" : null;
        if (key is not null && !recent.TryAdd(key))
        {
            logger.LogInformation("Repeated Teams activity {ActivityId} ignored", activity.Id);
            return activity.Type == ActivityTypes.Invoke ? Results.Json(new { }) : Results.Ok();
        }

        if (activity.Type == ActivityTypes.Invoke)
        {
            // Teams waits for an invoke's answer, so it is handled here rather than queued.
            var response = await handler.HandleInvokeAsync(activity, cancellationToken).ConfigureAwait(false);
            return response.Body is null ? Results.StatusCode(response.Status) : Results.Json(response.Body, statusCode: response.Status);
        }
        if (!queue.TryEnqueue(activity))
        {
            if (key is not null)
            {
                recent.Remove(key);
            }
            context.Response.Headers.RetryAfter = "5";
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        return Results.Ok();
    }

    private static string? Missing(Activity? activity)
    {
        if (activity is null)
        {
            return "a body";
        }
        if (string.IsNullOrWhiteSpace(activity.Type))
        {
            return "type";
        }
        if (string.IsNullOrWhiteSpace(activity.ChannelId))
        {
            return "channelId";
        }
        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) || (serviceUrl.Scheme != Uri.UriSchemeHttps && serviceUrl.Scheme != Uri.UriSchemeHttp))
        {
            return "an absolute http(s) serviceUrl";
        }
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return "conversation.id";
        }
        return null;
    }

    /// <returns>The body, or null when it is longer than <paramref name="max"/> (checked while reading, as chunked bodies have no length).</returns>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
