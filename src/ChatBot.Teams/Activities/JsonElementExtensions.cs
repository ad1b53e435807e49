using System.Text.Json;

namespace ChatBot.Teams.Activities;

internal static class JsonElementExtensions
{
    /// <summary>The named string property, or null when it is missing or not a string (senders are not trusted to get types right).</summary>
    public static string? StringProperty(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
