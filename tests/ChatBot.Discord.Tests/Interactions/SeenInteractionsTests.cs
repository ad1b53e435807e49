using ChatBot.Discord.Interactions;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Discord.Tests.Interactions;

public sealed class SeenInteractionsTests
{
    [Fact]
    public void An_id_is_refused_again_while_its_signature_could_still_be_valid_and_forgotten_after()
    {
        var time = new FakeTimeProvider();
        var seen = new SeenInteractions(time);

        Assert.True(seen.TryAdd("1"));
        time.Advance(Ed25519SignatureVerifier.MaxClockSkew * 2);
        Assert.False(seen.TryAdd("1"));
        time.Advance(SeenInteractions.Keep);
        Assert.True(seen.TryAdd("2"));

        Assert.Equal(1, seen.Count);
        Assert.True(seen.TryAdd("1"));
    }
}
