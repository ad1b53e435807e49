using System.CommandLine;
using System.Globalization;
using ChatBot.Core.Answers;
using ChatBot.Core.Configuration;
using ChatBot.Core.Corpus;
using ChatBot.Core.Evaluation;
using ChatBot.Core.Knowledge;

namespace ChatBot.Host.Cli;

public static class EvalCommand
{
    public static Command Create(CliContext cli)
    {
        var questions = new Option<string>("--questions") { Description = "Question file (JSON lines).", Required = true };
        var command = new Command("eval", "Score answers against a question file.") { questions };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = CliContext.ResolvePath(parseResult.GetValue(questions)!);
            IReadOnlyList<EvalQuestion> items;
            try
            {
                items = EvalQuestion.ParseLines(await File.ReadAllTextAsync(path, cancellationToken));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                cli.Error.WriteLine($"eval: cannot read questions from {path}: {ex.Message}");
                return 2;
            }
            if (items.Count == 0)
            {
                cli.Error.WriteLine($"eval: no questions in {path}");
                return 2;
            }
            return await IndexedCommand.RunAsync(cli, parseResult, "eval", refreshIndex: true, async session =>
            {
                var engine = session.Services.GetRequiredService<IAnswerEngine>();
                var grader = new AnswerGrader(SourceTexts(session.Services));
                // Questions are independent: every core answers, and the report keeps the file's order.
                var answers = new Answer[items.Count];
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, items.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                    async (i, token) => answers[i] = await engine.AskAsync(new AskRequest(items[i].Question, Origin: "eval"), token));
                var results = new List<EvalResult>();
                foreach (var (item, answer) in items.Zip(answers))
                {
                    var result = grader.Grade(item, answer);
                    results.Add(result);
                    if (result.Passed)
                    {
                        continue;
                    }
                    cli.Output.WriteLine($"FAIL {item.Id} (confidence {answer.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}): {item.Question}");
                    foreach (var failure in result.Failures)
                    {
                        cli.Output.WriteLine($"  - {failure}");
                    }
                    cli.Output.WriteLine($"  answer: {answer.Text}");
                }
                var summary = EvalSummary.Of(results);
                cli.Output.WriteLine($"answered: {summary.Answered}/{summary.Total}, precision {summary.Precision.ToString("P1", CultureInfo.InvariantCulture)} ({summary.AnsweredCorrectly} right)");
                cli.Output.WriteLine($"must-refuse answered: {summary.MustRefuseAnswered}/{summary.MustRefuse}");
                cli.Output.WriteLine($"wrong answers with confidence >= {EvalSummary.HighConfidence.ToString("0.0", CultureInfo.InvariantCulture)}: {summary.ConfidentlyWrong}");
                cli.Output.WriteLine($"score: {summary.Passed}/{summary.Total}");
                return 0;
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// The text a quote must be found in: the raw file for markdown and plain text (so a quote
    /// is checked against the source itself), the extracted text for HTML and PDF.
    /// </summary>
    private static Func<string, string?> SourceTexts(IServiceProvider services)
    {
        var paths = services.GetRequiredService<ChatBotPaths>();
        var knowledge = services.GetRequiredService<KnowledgeBase>();
        var files = new CorpusLoader().Discover(paths.CorpusPath).GroupBy(f => f.DocumentId).ToDictionary(g => g.Key, g => g.First());
        return id =>
        {
            if (!files.TryGetValue(id, out var file) || knowledge.CleanTextOf(id) is not { } clean)
            {
                return null;
            }
            var extension = Path.GetExtension(file.FullPath).ToLowerInvariant();
            return extension is ".md" or ".markdown" or ".txt" ? File.ReadAllText(file.FullPath) : clean;
        };
    }
}
