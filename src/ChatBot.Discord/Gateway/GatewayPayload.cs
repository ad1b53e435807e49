using System.Text.Json;

namespace ChatBot.Discord.Gateway;

/// <summary>A gateway payload that does not follow the protocol: the connection is dropped and re-established.</summary>
public sealed class GatewayProtocolException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One gateway message: <c>{op, d, s, t}</c>.</summary>
internal readonly record struct GatewayPayload(int Op, JsonElement Data, int? Sequence, string? Type)
{
    /// <exception cref="GatewayProtocolException">Not JSON, not an object, or no integer <c>op</c>.</exception>
    public static GatewayPayload Parse(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw new GatewayProtocolException($"a payload that is not JSON ({utf8.Length} bytes)", e);
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("op", out var op) || op.ValueKind != JsonValueKind.Number || !op.TryGetInt32(out var code))
            {
                throw new GatewayProtocolException("a payload without an integer op");
            }
            return new GatewayPayload(
                code,
                root.TryGetProperty("d", out var d) ? d.Clone() : default,
                root.TryGetProperty("s", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var seq) ? seq : null,
                root.TryGetProperty("t", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null);
        }
    }
}

/// <summary>What the bot needs from READY: the session to resume, where to resume it, and its own user id.</summary>
internal sealed record ReadyEvent(string SessionId, Uri? ResumeUrl, string UserId)
{
    /// <exception cref="GatewayProtocolException">No session id or no user id: the session cannot be used.</exception>
    public static ReadyEvent Parse(JsonElement d)
    {
        var sessionId = Text(d, "session_id");
        var userId = d.ValueKind == JsonValueKind.Object && d.TryGetProperty("user", out var user) ? Text(user, "id") : null;
        if (string.IsNullOrEmpty(sessionId) || string.IsNullOrEmpty(userId))
        {
            throw new GatewayProtocolException("READY without session_id or user.id");
        }
        // Only a websocket url is accepted: a READY must not be able to point the resume (which carries the token) at plain http.
        var resume = Uri.TryCreate(Text(d, "resume_gateway_url"), UriKind.Absolute, out var url) && url.Scheme is "wss" or "ws" ? url : null;
        return new ReadyEvent(sessionId, resume, userId);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
