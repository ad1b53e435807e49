using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Digests;

/// <summary>Bound to <c>ChatBot:Digests</c>; checked at start-up.</summary>
public sealed class DigestOptions
{
    public const string Section = "ChatBot:Digests";

    /// <summary>Five-field cron for new subscriptions that name none: Mondays 09:00.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DefaultCron { get; set; } = "0 9 * * MON";

    [Required(AllowEmptyStrings = false)]
    public string DefaultTimeZone { get; set; } = "Europe/Brussels";

    /// <summary>True: new subscriptions post a short note when nothing is new.</summary>
    public bool DefaultPostWhenEmpty { get; set; } = true;

    /// <summary>How late a run may still be posted after downtime; older runs are recorded as missed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "31.00:00:00")]
    public TimeSpan Grace { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Attempts per run before it is recorded as failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Delay before the second attempt; it doubles for each further attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Failed runs in a row after which a subscription is paused until it is renewed.</summary>
    [Range(1, 1000)]
    public int PauseAfterFailures { get; set; } = 3;

    /// <summary>Longest a single post may take before it counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest the scheduler sleeps, so corpus changes and new subscriptions are noticed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>What "post now" covers in a channel without a subscription.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan UnsubscribedWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a worker's claim on a run it is posting lasts unrenewed. The worker renews it every
    /// third of this while it posts, so a live worker keeps its run however long the post takes,
    /// while a killed one's claim runs out soon and another worker resumes the run — normally while
    /// Discord still recognises the part that was on the wire by its nonce (see
    /// <c>Discord:Rest:NonceWindow</c>, which start-up checks this against).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:03", "00:10:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a claim on a run lasts unrenewed; a crashed worker's runs are resumed after it.</summary>
    public TimeSpan Lease => ClaimLease;

    /// <summary>How often the worker posting a run renews its claim.</summary>
    public TimeSpan ClaimRenewal => ClaimLease / 3;

    /// <summary>
    /// The longest a killed worker's run normally waits before another worker resumes it: its claim
    /// running out (at most <see cref="ClaimLease"/> after its last renewal) plus a scheduler's
    /// wake-up and pass, which look again as soon as a claim runs out (<see cref="TakeoverSlack"/>).
    /// </summary>
    public TimeSpan CrashTakeover => ClaimLease + TakeoverSlack;

    /// <summary>Room in <see cref="CrashTakeover"/> for a scheduler to wake up, pass and reach the run.</summary>
    public static readonly TimeSpan TakeoverSlack = TimeSpan.FromSeconds(10);
}
