using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChatBot.Core.Digests;

namespace ChatBot.Host.Cli;

public static class SubscriptionsCommand
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliContext cli)
    {
        var json = new Option<bool>("--json") { Description = "Write the list as JSON, with each channel's recent runs." };
        var command = new Command("subscriptions", "List digest subscriptions, their schedule and last outcome.") { json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // The store is all this needs: no index refresh.
            return await IndexedCommand.RunAsync(cli, parseResult, "subscriptions", refreshIndex: false, async session =>
            {
                var service = session.Services.GetRequiredService<DigestService>();
                var rows = new List<(Subscription Subscription, ChannelDigestStatus Status)>();
                foreach (var subscription in await service.ListAsync(cancellationToken))
                {
                    rows.Add((subscription, await service.StatusAsync(subscription.Channel, cancellationToken)));
                }

                if (parseResult.GetValue(json))
                {
                    cli.Output.WriteLine(JsonSerializer.Serialize(rows.Select(r => new
                    {
                        platform = r.Subscription.Channel.Platform,
                        channel = r.Subscription.Channel.ChannelId,
                        cron = r.Subscription.Cron,
                        time_zone = r.Subscription.TimeZone,
                        post_when_empty = r.Subscription.PostWhenEmpty,
                        paused = r.Subscription.Paused,
                        created_at = r.Subscription.CreatedAt,
                        covered_until = r.Subscription.CoveredUntil == DateTimeOffset.MinValue ? (DateTimeOffset?)null : r.Subscription.CoveredUntil,
                        next_run = r.Status.NextRun,
                        recent_runs = r.Status.RecentRuns.Select(run => new
                        {
                            scheduled_for = run.ScheduledFor,
                            completed_at = run.CompletedAt,
                            outcome = run.Outcome.ToString(),
                            reason = run.Reason,
                            attempts = run.Attempts,
                            parts_done = run.PartsDone,
                            uncertain_parts = run.UncertainParts,
                            history = run.History,
                        }),
                    }), Json));
                    return 0;
                }
                if (rows.Count == 0)
                {
                    cli.Output.WriteLine("No subscriptions.");
                    return 0;
                }
                foreach (var (subscription, status) in rows)
                {
                    var state = subscription.Paused ? "paused" : $"next {Format(status.NextRun)}";
                    cli.Output.WriteLine($"{subscription.Channel}  \"{subscription.Cron}\" {subscription.TimeZone}  {state}");
                    if (status.RecentRuns.FirstOrDefault() is { } last)
                    {
                        var attempts = last.Attempts > 1 ? $" after {last.Attempts} attempts" : "";
                        cli.Output.WriteLine($"    last run {Format(last.ScheduledFor)}: {last.Outcome}{attempts} — {last.Reason}");
                        foreach (var line in last.History.Where(h => h != last.Reason))
                        {
                            cli.Output.WriteLine($"      earlier: {line}");
                        }
                    }
                }
                return 0;
            }, cancellationToken);
        });
        return command;
    }

    private static string Format(DateTimeOffset? instant) =>
        instant?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "—";
}
