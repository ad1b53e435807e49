using System.CommandLine;
using System.Text.Json.Nodes;
using ChatBot.Core.Summaries;

namespace ChatBot.Host.Cli;

public static class SummaryCommand
{
    public static Command Create(CliContext cli)
    {
        var topic = new Argument<string>("topic") { Description = "Topic id, name or alias (see `topics`)." };
        var json = new Option<bool>("--json") { Description = "Write the summary as JSON (the answer shape of `ask --json`, plus the topic)." };
        var command = new Command("summary", "Cited overview of one topic.") { topic, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var requested = parseResult.GetValue(topic) ?? "";
            if (string.IsNullOrWhiteSpace(requested))
            {
                cli.Error.WriteLine("summary: a topic is required; `topics` lists them");
                return 2;
            }
            return await IndexedCommand.RunAsync(cli, parseResult, "summary", refreshIndex: true, async session =>
            {
                var result = await session.Services.GetRequiredService<ISummaryService>().SummarizeAsync(requested, cancellationToken);
                if (!result.Found || result.Summary is not { } summary || result.Topic is not { } found)
                {
                    cli.Error.WriteLine($"summary: {UnknownTopicMessage(result)}");
                    return 1;
                }
                if (parseResult.GetValue(json))
                {
                    var node = JsonNode.Parse(AskCommand.ToJson(summary))!.AsObject();
                    node.Insert(0, "topic", found.Id);
                    node.Insert(1, "name", found.Name);
                    cli.Output.WriteLine(node.ToJsonString());
                }
                else
                {
                    cli.Output.WriteLine(found.Name);
                    cli.Output.WriteLine();
                    cli.Output.WriteLine(AskCommand.ToText(summary));
                }
                return 0;
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>One line: what was not found, the closest topic when one is close, and every known topic.</summary>
    public static string UnknownTopicMessage(TopicSummary result)
    {
        var closest = result.Closest is { } c ? $" Did you mean \"{c.Id}\" ({c.Name})?" : "";
        var known = string.Join(", ", result.KnownTopics.Select(t => t.Id));
        return $"unknown topic \"{result.RequestedTopic}\".{closest} Known topics: {known}.";
    }
}
