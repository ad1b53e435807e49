using System.Globalization;

namespace ChatBot.Discord.Gateway;

/// <summary>
/// Which shards a worker runs (<c>Discord:ShardIds</c>): ids and ranges such as <c>0-3</c> or
/// <c>0,2,5-7</c>; empty means every shard of the count.
/// </summary>
public sealed class ShardIdSet
{
    /// <summary>Far above any real bot (Discord recommends one shard per ~1,000 guilds); bounds the work a typo can cause.</summary>
    public const int MaxShardId = 65_535;

    private readonly SortedSet<int>? _ids;

    private ShardIdSet(SortedSet<int>? ids) => _ids = ids;

    public static ShardIdSet All { get; } = new(null);

    public bool IsAll => _ids is null;

    /// <summary>The highest id named, or null for "all".</summary>
    public int? Max => _ids?.Max;

    /// <summary>This worker's shards when the bot runs <paramref name="count"/> of them.</summary>
    public IReadOnlyList<int> Within(int count) =>
        _ids is null ? Enumerable.Range(0, count).ToList() : _ids.Where(id => id < count).ToList();

    public static bool TryParse(string? text, out ShardIdSet set, out string error)
    {
        set = All;
        error = "";
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var ids = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length is < 1 or > 2 || !TryId(bounds[0], out var from) || !TryId(bounds[^1], out var to))
            {
                error = $"'{part}' is not a shard id or range (e.g. 0-3 or 0,2)";
                return false;
            }
            if (to < from)
            {
                error = $"'{part}' is a range that ends before it starts";
                return false;
            }
            for (var id = from; id <= to; id++)
            {
                ids.Add(id);
            }
        }
        set = new ShardIdSet(ids);
        return true;
    }

    public override string ToString() => _ids is null ? "all" : Describe(_ids);

    /// <summary>"0-3,5" for {0,1,2,3,5}.</summary>
    public static string Describe(IEnumerable<int> ids)
    {
        var parts = new List<string>();
        int? start = null, previous = null;
        foreach (var id in ids.Order())
        {
            if (previous is { } p && id == p + 1)
            {
                previous = id;
                continue;
            }
            Flush();
            start = previous = id;
        }
        Flush();
        return string.Join(',', parts);

        void Flush()
        {
            if (start is { } s && previous is { } e)
            {
                parts.Add(s == e ? s.ToString(CultureInfo.InvariantCulture) : $"{s}-{e}");
            }
        }
    }

    private static bool TryId(string text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id <= MaxShardId;
}
