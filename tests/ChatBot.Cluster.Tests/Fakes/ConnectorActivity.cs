using System.Text.Json.Nodes;

namespace ChatBot.Cluster.Tests.Fakes;

/// <summary>One activity a worker sent to the Connector.</summary>
public sealed record ConnectorActivity(string ConversationId, string? ReplyToId, JsonObject Body)
{
    public string? Type => Body["type"]?.GetValue<string>();
}
