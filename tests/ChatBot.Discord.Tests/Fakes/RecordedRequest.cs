using System.Text.Json.Nodes;

namespace ChatBot.Discord.Tests.Fakes;

/// <param name="Worker">Which worker sent it, when workers use their own API base (<see cref="FakeDiscord.ApiBaseUrlFor"/>).</param>
public sealed record RecordedRequest(string Method, string Path, string? Authorization, string Body, DateTimeOffset At, string? Worker = null)
{
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);
}
