using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ChatBot.Discord.Gateway;

/// <summary>One gateway message as received: <c>{op, d, s, t}</c>; <c>d</c> is read by type once <c>op</c>/<c>t</c> say what it is.</summary>
internal sealed record GatewayFrame
{
    // Strict: an op sent as a string is not the protocol.
    [JsonNumberHandling(JsonNumberHandling.Strict)]
    public int? Op { get; init; }

    public JsonElement D { get; init; }

    public int? S { get; init; }

    public string? T { get; init; }

    [JsonIgnore]
    public GatewayOpcode Opcode => (GatewayOpcode)(Op ?? -1);

    /// <exception cref="GatewayProtocolException">Not JSON, not an object, or no integer <c>op</c>.</exception>
    public static GatewayFrame Parse(ReadOnlyMemory<byte> utf8)
    {
        GatewayFrame? frame;
        try
        {
            frame = JsonSerializer.Deserialize(utf8.Span, DiscordJsonContext.Default.GatewayFrame);
        }
        catch (JsonException e)
        {
            throw new GatewayProtocolException($"a payload that is not a gateway message ({utf8.Length} bytes)", e);
        }
        if (frame?.Op is null)
        {
            throw new GatewayProtocolException("a payload without an integer op");
        }
        return frame;
    }

    private string Event => T is null ? "" : " " + T;

    /// <exception cref="GatewayProtocolException"><c>d</c> is not an object of the expected shape.</exception>
    public TData DataAs<TData>(JsonTypeInfo<TData> type) where TData : class
    {
        if (D.ValueKind != JsonValueKind.Object)
        {
            throw new GatewayProtocolException($"op {Op}{Event} without an object in d");
        }
        try
        {
            return D.Deserialize(type) ?? throw new GatewayProtocolException($"op {Op} with an empty d");
        }
        catch (JsonException e)
        {
            throw new GatewayProtocolException($"op {Op}{Event} with a malformed d", e);
        }
    }
}
