using ChatBot.Discord.Rest;

namespace ChatBot.Discord.Tests.Rest;

public sealed class DiscordRouteTests
{
    [Theory]
    [InlineData("POST", "channels/111111111111/messages", "POST channels/111111111111/messages", "channels/111111111111")]
    [InlineData("POST", "channels/111111111111/messages/222222222222/threads", "POST channels/111111111111/messages/{id}/threads", "channels/111111111111")]
    [InlineData("PATCH", "webhooks/333333333333/tok-en/messages/@original", "PATCH webhooks/333333333333/tok-en/messages/@original", "webhooks/333333333333/tok-en")]
    [InlineData("PUT", "applications/444444444444/guilds/555555555555/commands", "PUT applications/{id}/guilds/{id}/commands", "")]
    [InlineData("GET", "gateway/bot", "GET gateway/bot", "")]
    public void Rate_limit_key_keeps_the_top_level_resource_and_hides_other_ids(string method, string path, string key, string major)
    {
        var route = new DiscordRoute(new HttpMethod(method), path);

        Assert.Equal(key, route.RateLimitKey);
        Assert.Equal(major, route.MajorParameter);
    }

    [Theory]
    [InlineData("webhooks/333333333333/secret-token/messages/@original", "PATCH webhooks/333333333333/{token}/messages/@original")]
    [InlineData("interactions/333333333333/secret-token/callback", "PATCH interactions/333333333333/{token}/callback")]
    public void Logged_form_masks_interaction_tokens(string path, string logged)
    {
        var route = new DiscordRoute(HttpMethod.Patch, path, Authenticated: false);

        Assert.Equal(logged, route.ToString());
        Assert.DoesNotContain("secret-token", route.ToString());
    }

    [Theory]
    [InlineData("PATCH", "webhooks/333333333333/secret-token/messages/@original", "PATCH webhooks/{id}/{token}/messages/@original", true)]
    [InlineData("POST", "interactions/333333333333/secret-token/callback", "POST interactions/{id}/{token}/callback", true)]
    [InlineData("POST", "channels/111111111111/messages", "POST channels/{id}/messages", false)]
    public void Template_hides_every_id_and_token(string method, string path, string template, bool carriesToken)
    {
        var route = new DiscordRoute(new HttpMethod(method), path);

        Assert.Equal(template, route.Template);
        Assert.Equal(carriesToken, route.CarriesToken);
    }
}
