using Cronos;

namespace ChatBot.Core.Digests;

/// <summary>A validated cron expression in a time zone. Cronos handles DST gaps and overlaps.</summary>
public sealed class CronSchedule
{
    private CronSchedule(CronExpression expression, TimeZoneInfo zone)
    {
        Expression = expression;
        Zone = zone;
    }

    public CronExpression Expression { get; }

    public TimeZoneInfo Zone { get; }

    /// <exception cref="ArgumentException">The expression or the zone is invalid; the message says which and why.</exception>
    public static CronSchedule Parse(string cron, string timeZone)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            throw new ArgumentException("The schedule is empty; use five cron fields such as \"0 9 * * MON\" (minute hour day month weekday).", nameof(cron));
        }
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new ArgumentException(
                $"The schedule \"{cron}\" has {fields.Length} field(s); use five cron fields such as \"0 9 * * MON\" (minute hour day month weekday).", nameof(cron));
        }
        CronExpression expression;
        try
        {
            expression = CronExpression.Parse(string.Join(' ', fields), CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            throw new ArgumentException($"The schedule \"{cron}\" is not a valid cron expression: {e.Message}", nameof(cron), e);
        }

        if (string.IsNullOrWhiteSpace(timeZone))
        {
            throw new ArgumentException("The time zone is empty; use an IANA id such as \"Europe/Brussels\".", nameof(timeZone));
        }
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException($"Unknown time zone \"{timeZone}\"; use an IANA id such as \"Europe/Brussels\" or \"Asia/Seoul\".", nameof(timeZone), e);
        }
        return new CronSchedule(expression, zone);
    }

    public DateTimeOffset? NextAfter(DateTimeOffset instant) =>
        Expression.GetNextOccurrence(instant, Zone);

    /// <summary>Occurrences in (<paramref name="after"/>, <paramref name="until"/>], oldest first.</summary>
    public IEnumerable<DateTimeOffset> Between(DateTimeOffset after, DateTimeOffset until) =>
        after >= until ? [] : Expression.GetOccurrences(after, until, Zone, fromInclusive: false, toInclusive: true);
}
