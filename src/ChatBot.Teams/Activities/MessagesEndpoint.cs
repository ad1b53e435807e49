using System.Text;
using System.Text.Json;
using ChatBot.Core.Conversations;
using ChatBot.Core.Coordination;
using ChatBot.Core.Diagnostics;
using ChatBot.Core.Storage;
using ChatBot.Teams.Auth;
using ChatBot.Teams.Connector;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Teams.Activities;

/// <summary>
/// <c>POST /api/messages</c>: size cap, parse, authenticate, de-duplicate, store in the inbox,
/// answer at once. The reply itself goes out later through the Connector. While the inbox holds
/// <see cref="TeamsOptions.MaxBacklog"/> unanswered activities, messages are refused with 503 and
/// Retry-After instead (back-pressure).
/// </summary>
internal static class MessagesEndpoint
{
    public const string Route = "/api/messages";

    public const string EmulatorChannel = "emulator";

    public static async Task<IResult> HandleAsync(
        HttpContext context,
        IOptions<TeamsOptions> options,
        BotFrameworkTokenValidator validator,
        ServiceUrlPolicy serviceUrls,
        RefusalLog refusals,
        RecentEventIds recent,
        EventDeduplicator seen,
        IInbox inbox,
        InboxSignal signal,
        InboxBacklog backlog,
        TimeProvider time,
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
            refusals.Refused(Route, "missing bearer token");
            return Results.Unauthorized();
        }
        if (!settings.AuthEnabled && !ServiceUrlPolicy.IsLoopbackClient(context.Connection.RemoteIpAddress))
        {
            // Without an app id nothing can be verified, so only this machine (the Emulator) is served.
            refusals.Refused(Route, "auth is disabled (Emulator mode) and the client is not on this machine");
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

        if (!serviceUrls.IsAllowed(activity!.ServiceUrl))
        {
            // Replies carry the bot's Connector token: never to a host we do not know to be Microsoft's.
            refusals.Refused(Route, settings.AuthEnabled ? "serviceUrl is not an allowed Connector URL" : "in Emulator mode replies go to a local serviceUrl only", activity.ChannelId);
            return Results.Unauthorized();
        }

        if (settings.AuthEnabled)
        {
            var auth = await validator.ValidateAsync(authorization, activity!.ServiceUrl!, activity.ChannelId!, cancellationToken).ConfigureAwait(false);
            if (!auth.Succeeded)
            {
                return Results.Unauthorized();
            }
        }
        else if (!string.Equals(activity.ChannelId, EmulatorChannel, StringComparison.OrdinalIgnoreCase))
        {
            // Without an app id nothing can be verified: only the local Emulator is served.
            refusals.Refused(Route, "auth is disabled and the channel is not the Emulator", activity.ChannelId);
            return Results.Unauthorized();
        }

        var key = activity.Id is { Length: > 0 } id ? $"teams:{activity.ChannelId}|{activity.Conversation!.Id}|{id}" : null;
        // A message's duplicate is caught by the inbox's unique key on any worker; an invoke is
        // answered right here, so its id goes through the de-duplication every worker shares.
        if (key is not null && !(activity.Type == ActivityTypes.Invoke ? await seen.TryAddAsync(key, cancellationToken) : recent.TryAdd(key)))
        {
            logger.LogDebug("Repeated Teams activity {ActivityId} ignored", activity.Id);
            return activity.Type == ActivityTypes.Invoke ? Results.Json(new { }) : Results.Ok();
        }

        if (activity.Type == ActivityTypes.Invoke)
        {
            // Teams waits for an invoke's answer, so it is handled here rather than queued.
            var response = await handler.HandleInvokeAsync(activity, cancellationToken).ConfigureAwait(false);
            return response.Body is null ? Results.StatusCode(response.Status) : Results.Json(response.Body, statusCode: response.Status);
        }
        if (settings.MaxBacklog > 0 && backlog.Pending >= settings.MaxBacklog)
        {
            // Back-pressure: accepting more would only make every reply later. Nothing is stored, so
            // the sender's retry (after Retry-After) is taken as new; Teams is still answered at once.
            if (key is not null)
            {
                recent.Remove(key);
            }
            backlog.RefusedOne();
            refusals.Refused(Route, $"the Teams inbox holds {backlog.Pending} unanswered activities (Teams:MaxBacklog {settings.MaxBacklog}); asked to retry", activity.ChannelId);
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(settings.BacklogRetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        // Stored before Teams hears "accepted": from here on a stop or crash cannot lose it.
        bool added;
        try
        {
            added = await inbox.TryAddAsync(InboxProcessor.Platform, key ?? "no-id|" + Guid.NewGuid().ToString("N"),
                activity.Conversation!.Id!, Encoding.UTF8.GetString(body), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Teams activity could not be stored; asking the sender to retry");
            if (key is not null)
            {
                recent.Remove(key);
            }
            context.Response.Headers.RetryAfter = "5";
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        if (!added)
        {
            // Accepted before (Teams' retry, a replay, or a delivery before a restart). Debug only:
            // replays must not be able to flood the log.
            logger.LogDebug("Repeated Teams activity {ActivityId} ignored", activity.Id);
            return Results.Ok();
        }
        backlog.Added();
        signal.Notify();
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
