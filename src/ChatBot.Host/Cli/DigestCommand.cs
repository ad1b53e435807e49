using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ChatBot.Core.Digests;

namespace ChatBot.Host.Cli;

public static class DigestCommand
{
    public static Command Create(CliContext cli)
    {
        var since = new Option<string>("--since")
        {
            Description = "Changes after this date (2025-01-31) or instant (2025-01-31T09:00:00+01:00); dates are midnight UTC.",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Write the digest as JSON." };
        var command = new Command("digest", "Print the digest that would be posted for changes since a date.") { since, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!TryParseSince(parseResult.GetValue(since), out var from))
            {
                cli.Error.WriteLine($"digest: --since must be a date such as 2025-01-31 or an ISO 8601 instant (got \"{parseResult.GetValue(since)}\")");
                return 2;
            }
            return await IndexedCommand.RunAsync(cli, parseResult, "digest", refreshIndex: true, async session =>
            {
                // Composing first notes what changed in the corpus since the store last looked.
                var digest = await session.Services.GetRequiredService<IDigestService>().ComposeAsync(from, cancellationToken);
                cli.Output.WriteLine(parseResult.GetValue(json) ? ToJson(digest) : ToText(digest));
                return 0;
            }, cancellationToken);
        });
        return command;
    }

    public static bool TryParseSince(string? text, out DateTimeOffset since)
    {
        since = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            since = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }
        return DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out since);
    }

    public static string ToText(Digest digest)
    {
        if (digest.IsEmpty)
        {
            return digest.Body.Text;
        }
        var documents = digest.Sections.Sum(s => s.Items.Count);
        var header = $"{documents} new or changed document(s) since {digest.Since.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}:";
        return header + Environment.NewLine + Environment.NewLine + AskCommand.ToText(digest.Body);
    }

    /// <summary>The sections with their items, plus the body in the answer shape of `ask --json`.</summary>
    public static string ToJson(Digest digest)
    {
        var node = new JsonObject
        {
            ["since"] = digest.Since == DateTimeOffset.MinValue ? null : digest.Since.ToString("O", CultureInfo.InvariantCulture),
            ["until"] = digest.Until.ToString("O", CultureInfo.InvariantCulture),
            ["empty"] = digest.IsEmpty,
            ["sections"] = new JsonArray(digest.Sections.Select(s => (JsonNode)new JsonObject
            {
                ["topic"] = s.Topic,
                ["items"] = new JsonArray(s.Items.Select(i => (JsonNode)new JsonObject
                {
                    ["document"] = i.Document.Id,
                    ["title"] = i.Document.Title,
                    ["date"] = i.Document.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["change"] = i.Change.ToString().ToLowerInvariant(),
                    ["n"] = i.CitationN,
                }).ToArray()),
            }).ToArray()),
            ["body"] = JsonNode.Parse(AskCommand.ToJson(digest.Body)),
        };
        return node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
