using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChatBot.Core.Answers;

namespace ChatBot.Host.Cli;

public static class AskCommand
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliContext cli)
    {
        var question = new Argument<string?>("question") { Description = "The question; with --json and no question, questions are read from stdin, one per line.", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Write one JSON object per answer." };
        var command = new Command("ask", "Answer a question with numbered sources.") { question, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var text = parseResult.GetValue(question);
            var asJson = parseResult.GetValue(json);
            if (string.IsNullOrWhiteSpace(text) && !asJson)
            {
                cli.Error.WriteLine("ask: a question is required (or use --json and pass questions on stdin)");
                return 2;
            }
            return await IndexedCommand.RunAsync(cli, parseResult, "ask", refreshIndex: true, async session =>
            {
                var engine = session.Services.GetRequiredService<IAnswerEngine>();
                if (!string.IsNullOrWhiteSpace(text))
                {
                    var answer = await engine.AskAsync(new AskRequest(text, Origin: "cli"), cancellationToken);
                    cli.Output.WriteLine(asJson ? ToJson(answer) : ToText(answer));
                    return 0;
                }
                // One process, one index load: each stdin line is a question, each output line its answer.
                while (await cli.Input.ReadLineAsync(cancellationToken) is { } line)
                {
                    if (string.IsNullOrWhiteSpace(line))
                    {
                        continue;
                    }
                    var answer = await engine.AskAsync(new AskRequest(line.Trim(), Origin: "cli"), cancellationToken);
                    cli.Output.WriteLine(ToJson(answer));
                    await cli.Output.FlushAsync(cancellationToken);
                }
                return 0;
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>The documented JSON shape: question, answered, answer, citations, confidence, elapsed_ms.</summary>
    public static string ToJson(Answer answer) => JsonSerializer.Serialize(new
    {
        question = answer.Question,
        answered = answer.Answered,
        answer = answer.Text,
        citations = answer.Citations.Select(c => new
        {
            n = c.N,
            document = c.Document,
            title = c.Title,
            date = c.Date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            url = c.Url,
            quote = c.Quote,
        }),
        confidence = answer.Confidence,
        elapsed_ms = Math.Round(answer.Elapsed.TotalMilliseconds, 2),
    }, Json);

    public static string ToText(Answer answer)
    {
        var lines = new List<string> { answer.Text };
        if (answer.Citations.Count > 0)
        {
            lines.Add("");
            lines.Add("Sources:");
            foreach (var c in answer.Citations)
            {
                var date = c.Date is { } d ? $" ({Core.Corpus.DateText.Format(d)})" : "";
                var url = c.Url is { Length: > 0 } u ? $" {u}" : "";
                lines.Add($"[{c.N}] {c.Title}{date} — {c.Document}{url}");
                lines.Add($"    \"{c.Quote}\"");
            }
        }
        return string.Join(Environment.NewLine, lines);
    }
}
