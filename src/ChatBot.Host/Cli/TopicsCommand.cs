using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChatBot.Core.Topics;

namespace ChatBot.Host.Cli;

public static class TopicsCommand
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliContext cli)
    {
        var json = new Option<bool>("--json") { Description = "Write the list as JSON." };
        var command = new Command("topics", "List topics with the number of documents covering each.") { json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            return await IndexedCommand.RunAsync(cli, parseResult, "topics", refreshIndex: true, async session =>
            {
                var coverage = await session.Services.GetRequiredService<ITopicCatalog>().CoverageAsync(cancellationToken);
                if (parseResult.GetValue(json))
                {
                    cli.Output.WriteLine(JsonSerializer.Serialize(coverage.Select(c => new
                    {
                        id = c.Topic.Id,
                        name = c.Topic.Name,
                        aliases = c.Topic.Aliases,
                        documents = c.DocumentCount,
                    }), Json));
                    return 0;
                }
                var idWidth = coverage.Max(c => c.Topic.Id.Length);
                var nameWidth = coverage.Max(c => c.Topic.Name.Length);
                foreach (var c in coverage)
                {
                    var documents = c.DocumentCount == 1 ? "1 document" : $"{c.DocumentCount} documents";
                    cli.Output.WriteLine($"{c.Topic.Id.PadRight(idWidth)}  {c.Topic.Name.PadRight(nameWidth)}  {documents}");
                }
                return 0;
            }, cancellationToken);
        });
        return command;
    }
}
