using ChatBot.Teams.Rendering;

namespace ChatBot.Teams.Tests;

public sealed class DigestStatusTextTests
{
    [Fact]
    public void Status_shows_attempts_interruptions_and_parts_that_may_be_missing()
    {
        var channel = new ChatBot.Core.Conversations.ChannelKey("teams", "19:c@thread.tacv2");
        var run = new ChatBot.Core.Digests.DeliveryRecord(7, channel, new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), DateTimeOffset.UtcNow,
            ChatBot.Core.Digests.DeliveryOutcome.Uncertain, "Posted 45 new or changed document(s) in 3 topic(s) (attempt 3). But 1 part(s) may not have arrived", 3)
        {
            History =
            [
                "Attempt 1 failed: Teams did not accept the post: Connector answered 502 Retrying at 2026-03-02 08:01 UTC.",
                "Attempt 2 was interrupted by a shutdown after 2 part(s) went out (1 of them may not have arrived); the next start resumes it.",
                "Part 2 of 3 may or may not have been posted (interrupted); it is not posted again, to avoid a duplicate.",
            ],
        };
        var text = CommandReplies.Status(new ChatBot.Core.Digests.ChannelDigestStatus(channel, null, null, [run]));

        Assert.Contains("Uncertain, 3 attempts", text);
        Assert.Contains("Attempt 1 failed", text);
        Assert.Contains("interrupted by a shutdown", text);
        Assert.Contains("Part 2 of 3 may or may not have been posted", text);
    }
}
