using ChatBot.Core.Conversations;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Core.Tests.Conversations;

public sealed class RecentEventIdsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void An_id_is_refused_within_the_window_and_accepted_after_it()
    {
        var ids = new RecentEventIds(_time, TimeSpan.FromMinutes(15), capacity: 100);

        Assert.True(ids.TryAdd("discord:interaction:1"));
        _time.Advance(TimeSpan.FromMinutes(14));
        Assert.False(ids.TryAdd("discord:interaction:1"));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(ids.TryAdd("discord:interaction:2"));

        Assert.Equal(1, ids.Count);
        Assert.True(ids.TryAdd("discord:interaction:1"));
    }

    [Fact]
    public void A_full_set_forgets_its_oldest_ids_first()
    {
        var ids = new RecentEventIds(_time, TimeSpan.FromHours(1), capacity: 3);
        foreach (var id in new[] { "a", "b", "c", "d", "e" })
        {
            Assert.True(ids.TryAdd(id));
        }

        Assert.True(ids.Count <= 3);
        Assert.False(ids.TryAdd("e"));
        Assert.True(ids.TryAdd("a"));
    }

    [Fact]
    public void A_removed_id_is_accepted_again_and_its_old_entry_does_not_evict_the_new_one()
    {
        var ids = new RecentEventIds(_time, TimeSpan.FromMinutes(10), capacity: 100);
        Assert.True(ids.TryAdd("teams:1"));
        ids.Remove("teams:1");
        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.True(ids.TryAdd("teams:1"));

        // The first entry's window ends here; the second's does not.
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(ids.TryAdd("teams:1"));
    }
}
