using System.Net;
using ChatBot.Core.Sources;
using ChatBot.Core.Sources.Fetching;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Sources;

public sealed class FetchPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("93.184.216.34", true)]
    [InlineData("2a00:1450:4001:80b::200e", true)]
    public void Only_public_addresses_are_allowed_by_default(string address, bool allowed) =>
        Assert.Equal(allowed, new AddressPolicy([]).Allows(IPAddress.Parse(address)));

    [Fact]
    public void An_allowed_network_opens_exactly_that_range()
    {
        var policy = new AddressPolicy(["127.0.0.1/32", "10.20.0.0/16"]);

        Assert.True(policy.Allows(IPAddress.Parse("127.0.0.1")));
        Assert.True(policy.Allows(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.True(policy.Allows(IPAddress.Parse("10.20.3.4")));
        Assert.False(policy.Allows(IPAddress.Parse("127.0.0.2")));
        Assert.False(policy.Allows(IPAddress.Parse("10.21.0.1")));
    }

    [Fact]
    public void Robots_rules_pick_the_bot_group_and_the_longest_match()
    {
        var rules = RobotsRules.Parse(
            """
            # comment
            User-agent: *
            Disallow: /

            User-agent: chatbot
            User-agent: other
            Disallow: /news/
            Allow: /news/public
            Disallow: /*.pdf$
            """,
            "ChatBot");

        Assert.True(rules.Allows("/about"));
        Assert.False(rules.Allows("/news/item"));
        Assert.True(rules.Allows("/news/public/item"));
        Assert.False(rules.Allows("/files/report.pdf"));
        Assert.True(rules.Allows("/files/report.pdf?download=1"));
    }

    [Fact]
    public void Without_a_bot_group_the_star_group_applies()
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /private\nDisallow:\n", "ChatBot");

        Assert.False(rules.Allows("/private/a"));
        Assert.True(rules.Allows("/public"));
        Assert.True(RobotsRules.Parse("", "ChatBot").Allows("/anything"));
    }

    [Fact]
    public async Task The_per_host_delay_spaces_requests_to_one_host_only()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var throttle = new HostThrottle(TimeSpan.FromSeconds(2), time);

        await throttle.WaitAsync("a.example", CancellationToken.None);
        var second = throttle.WaitAsync("a.example", CancellationToken.None);
        await throttle.WaitAsync("b.example", CancellationToken.None); // another host does not wait

        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Keywords_match_at_word_starts()
    {
        var source = new SourceDefinition("s", new Uri("https://example.org/"), SourceKind.Feed, ["eu", "digital"], null, null);

        Assert.True(source.Matches("The European Union and Korea", "digitalisation agenda"));
        Assert.True(source.Matches("EU–Korea DIGITAL partnership"));
        Assert.False(source.Matches("A queue of digital items"));
        Assert.False(source.Matches("EU farm policy"));
    }
}
