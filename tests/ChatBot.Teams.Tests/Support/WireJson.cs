using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatBot.Core.Answers;
using ChatBot.Teams.Outgoing;
using ChatBot.Teams.Rendering;

namespace ChatBot.Teams.Tests.Support;

/// <summary>The renderer's typed activities as the JSON the Connector receives, for assertions on the wire format.</summary>
internal static class WireJson
{
    public static IReadOnlyList<JsonObject> Render(TeamsAnswerRenderer renderer, Answer answer, string? answerId, string? heading = null) =>
        [.. renderer.Render(answer, answerId, heading).Select(m => JsonSerializer.SerializeToNode(m, TeamsJsonContext.Outbound.MessageActivity)!.AsObject())];

    /// <summary>Size as Teams counts it, measured as the renderer measures it.</summary>
    public static int Size(JsonObject message) =>
        message.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).Length * sizeof(char);
}
