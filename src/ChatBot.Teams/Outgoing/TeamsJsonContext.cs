using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatBot.Teams.Outgoing;

/// <summary>
/// Source-generated JSON for everything the bot sends to the Connector: camelCase, nulls left out.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MessageActivity))]
[JsonSerializable(typeof(ConversationParameters))]
internal sealed partial class TeamsJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Non-ASCII text stays UTF-8 rather than \u escapes: smaller (the size limit counts the
    /// payload) and the bodies are never embedded in HTML, where escaping would matter.
    /// </summary>
    public static TeamsJsonContext Outbound { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
