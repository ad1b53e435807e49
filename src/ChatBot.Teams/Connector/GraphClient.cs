using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Teams.Connector;

/// <summary>
/// The one Microsoft Graph question the bot asks: does this user own the team? The Connector's
/// member API only tells <c>userRole</c> user/guest/anonymous, not ownership; Graph's team members
/// carry <c>roles: ["owner"]</c>. Needs the resource-specific permission <c>TeamMember.Read.Group</c>
/// (declared in the app package), consented when the team installs the app.
/// </summary>
public sealed class GraphClient(IHttpClientFactory httpFactory, ConnectorTokenProvider tokens, IOptions<TeamsOptions> options, ILogger<GraphClient> logger)
{
    internal const string HttpClientName = "teams-graph";

    public const string Scope = "https://graph.microsoft.com/.default";

    /// <param name="teamGroupId">The team's Entra group id (<c>channelData.team.aadGroupId</c>).</param>
    /// <param name="userObjectId">The user's Entra object id (<c>from.aadObjectId</c>).</param>
    /// <returns>True only when Graph says the user is an owner; any doubt (error, not found) is false.</returns>
    public async Task<bool> IsTeamOwnerAsync(string teamGroupId, string userObjectId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(teamGroupId, out var group) || !Guid.TryParse(userObjectId, out var user) || !options.Value.AuthEnabled)
        {
            return false;
        }
        var filter = Uri.EscapeDataString($"(microsoft.graph.aadUserConversationMember/userId eq '{user:D}')");
        var url = $"{options.Value.GraphBaseUrl.TrimEnd('/')}/teams/{group:D}/members?$filter={filter}";
        try
        {
            var token = await tokens.GetTokenAsync(Scope, forceRefresh: false, cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var http = httpFactory.CreateClient(HttpClientName);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Graph answered {Status} when asked for the team's owners; treating the user as not an owner", (int)response.StatusCode);
                return false;
            }
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            return body.RootElement.TryGetProperty("value", out var members) && members.ValueKind == JsonValueKind.Array
                && members.EnumerateArray().Any(m =>
                    m.ValueKind == JsonValueKind.Object
                    && m.TryGetProperty("userId", out var id) && id.ValueKind == JsonValueKind.String && Guid.TryParse(id.GetString(), out var g) && g == user
                    && m.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
                    && roles.EnumerateArray().Any(r => r.ValueKind == JsonValueKind.String && string.Equals(r.GetString(), "owner", StringComparison.OrdinalIgnoreCase)));
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or ConnectorException or TaskCanceledException { InnerException: TimeoutException })
        {
            logger.LogWarning("Could not ask Graph for the team's owners ({Error}); treating the user as not an owner", ex.GetType().Name);
            return false;
        }
    }
}
