using System.Text.Json.Nodes;

namespace ChatBot.Teams.Tests.Fakes;

/// <summary>One thing the bot sent to the fake Connector.</summary>
public sealed record SentActivity(string Method, string Path, string? ConversationId, string? ReplyToId, JsonObject Body, string? Authorization, int Status, string? ResponseId)
{
    public string? Type => Body["type"]?.GetValue<string>() ?? (Body["activity"] as JsonObject)?["type"]?.GetValue<string>();

    public JsonObject Activity => Body["activity"] as JsonObject ?? Body;

    public string? Text => Activity["text"]?.GetValue<string>();

    public bool Accepted => Status is >= 200 and < 300;

    /// <summary>Every string value in the activity (text, card text, urls), unescaped.</summary>
    public IReadOnlyList<string> Strings => [.. Collect(Activity)];

    private static IEnumerable<string> Collect(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Collect(p.Value)),
        JsonArray a => a.SelectMany(Collect),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
