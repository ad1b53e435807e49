using System.Diagnostics;
using System.Text;
using ChatBot.Core.Answers;
using ChatBot.Core.Configuration;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Search;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Evaluation;

/// <summary>What one benchmark run measured.</summary>
public sealed record BenchmarkResult(
    int Documents,
    int Passages,
    TimeSpan IndexTime,
    int Queries,
    double AnswerP50Ms,
    double AnswerP99Ms,
    double SearchP50Ms,
    double SearchP99Ms,
    long PeakWorkingSetBytes,
    int Answered)
{
    /// <summary>Answer latency over bare Lucene search latency, at the median.</summary>
    public double RatioP50 => SearchP50Ms > 0 ? AnswerP50Ms / SearchP50Ms : 0;

    public double RatioP99 => SearchP99Ms > 0 ? AnswerP99Ms / SearchP99Ms : 0;
}

/// <summary>
/// Builds a synthetic corpus of N passages in a scratch folder, indexes it with the real engine,
/// then times full answers and, for the same queries, bare Lucene TopDocs searches.
/// </summary>
public sealed class EngineBenchmark(string scratch, string synonymsPath)
{
    private const int PassagesPerDocument = 10;

    private static readonly string[] DomainWords =
    [
        "semiconductors", "quantum", "council", "cybersecurity", "Brussels", "Seoul", "research", "funding", "platform",
        "connectivity", "standards", "cooperation", "supercomputing", "cryptography", "researchers", "agreement", "data",
        "innovation", "supply", "chain", "workshop", "forum", "ministers", "projects", "investment", "regulation",
    ];

    public async Task<BenchmarkResult> RunAsync(int passages, int queries, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var corpus = Path.Combine(scratch, "corpus");
        var data = Path.Combine(scratch, "data");
        var random = new Random(42);
        var vocabulary = Vocabulary(random, 3000);
        progress?.Report($"writing {passages} passages");
        var documents = WriteCorpus(corpus, passages, vocabulary, random);

        using var knowledge = new KnowledgeBase(new ChatBotPaths(corpus, data), Options.Create(new IndexOptions { SynonymsPath = synonymsPath }));
        progress?.Report("indexing");
        var clock = Stopwatch.StartNew();
        var report = await knowledge.RefreshAsync(rebuild: true, null, cancellationToken);
        var indexTime = clock.Elapsed;

        var engine = new AnswerEngine(knowledge, TimeProvider.System, Options.Create(new AnswerOptions()));
        var profiler = new QuestionProfiler(knowledge.Analysis, knowledge.Synonyms, knowledge.Idf);
        var builder = new PassageQueryBuilder(knowledge.Analysis);
        var questions = Questions(knowledge, random, queries);

        progress?.Report("warming up");
        await knowledge.WarmUp.WaitAsync(cancellationToken);
        foreach (var question in questions.Take(Math.Min(50, questions.Count)))
        {
            await engine.AskAsync(new AskRequest(question), cancellationToken);
            knowledge.SearchTopDocs(builder.Build(profiler.Profile(question)), 20);
        }

        progress?.Report("timing answers and bare searches");
        var answerTimes = new List<double>(questions.Count);
        var searchTimes = new List<double>(questions.Count);
        var answered = 0;
        for (var i = 0; i < questions.Count; i++)
        {
            // Alternate which runs first, so neither profits from the other's warm caches.
            if (i % 2 == 0)
            {
                searchTimes.Add(TimeBareSearch(questions[i]));
                answered += await TimeAnswer(questions[i]) ? 1 : 0;
            }
            else
            {
                answered += await TimeAnswer(questions[i]) ? 1 : 0;
                searchTimes.Add(TimeBareSearch(questions[i]));
            }
        }

        double TimeBareSearch(string question)
        {
            // The same query the answer path runs, built and executed, without sentence selection.
            var start = Stopwatch.GetTimestamp();
            knowledge.SearchTopDocs(builder.Build(profiler.Profile(question)), 20);
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        async Task<bool> TimeAnswer(string question)
        {
            var start = Stopwatch.GetTimestamp();
            var answer = await engine.AskAsync(new AskRequest(question), cancellationToken);
            answerTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            return answer.Answered;
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new BenchmarkResult(
            report.Documents, report.Passages, indexTime, questions.Count,
            Percentile(answerTimes, 0.5), Percentile(answerTimes, 0.99),
            Percentile(searchTimes, 0.5), Percentile(searchTimes, 0.99),
            process.PeakWorkingSet64, answered);
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    private static List<string> Vocabulary(Random random, int size)
    {
        string[] syllables = ["ka", "ro", "mi", "tel", "sun", "var", "len", "dor", "pi", "qua", "nex", "ste", "lo", "bri", "gan", "tor", "vel", "sa"];
        var words = new HashSet<string>(DomainWords.Select(w => w.ToLowerInvariant()));
        while (words.Count < size)
        {
            var length = random.Next(2, 4);
            words.Add(string.Concat(Enumerable.Range(0, length).Select(_ => syllables[random.Next(syllables.Length)])));
        }
        return words.ToList();
    }

    private static int WriteCorpus(string corpus, int passages, List<string> vocabulary, Random random)
    {
        Directory.CreateDirectory(corpus);
        var documents = (passages + PassagesPerDocument - 1) / PassagesPerDocument;
        var written = 0;
        for (var d = 0; d < documents; d++)
        {
            var text = new StringBuilder();
            var date = new DateOnly(2020, 1, 1).AddDays(random.Next(0, 2000));
            text.Append("---\ntitle: \"Synthetic report ").Append(d).Append(' ').Append(Word(vocabulary, random)).Append("\"\ndate: ")
                .Append(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append("\n---\n");
            for (var p = 0; p < PassagesPerDocument && written < passages; p++, written++)
            {
                text.Append("## Section ").Append(p).Append(' ').Append(Word(vocabulary, random)).Append("\n\n");
                for (var s = 0; s < 4; s++)
                {
                    text.Append(Sentence(vocabulary, random)).Append(' ');
                }
                text.Append("\n\n");
            }
            var folder = Path.Combine(corpus, $"d{d / 1000:000}");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, $"doc{d:000000}.md"), text.ToString());
        }
        return documents;
    }

    private static string Word(List<string> vocabulary, Random random)
    {
        // Zipf-like: low indexes (domain words first) are much more frequent.
        var index = (int)(vocabulary.Count * Math.Pow(random.NextDouble(), 2.5));
        return vocabulary[Math.Min(index, vocabulary.Count - 1)];
    }

    private static string Sentence(List<string> vocabulary, Random random)
    {
        var words = Enumerable.Range(0, random.Next(8, 16)).Select(_ => Word(vocabulary, random)).ToList();
        if (random.Next(4) == 0)
        {
            words.Add($"in {(random.Next(2) == 0 ? "March" : "June")} {random.Next(2019, 2026)}");
        }
        var sentence = string.Join(' ', words);
        return char.ToUpperInvariant(sentence[0]) + sentence[1..] + ".";
    }

    private static List<string> Questions(KnowledgeBase knowledge, Random random, int count)
    {
        var documents = knowledge.Documents;
        var questions = new List<string>(count);
        string[] openers = ["What about", "When did", "Where is", "Who leads", "What is planned for"];
        while (questions.Count < count && documents.Count > 0)
        {
            var passages = knowledge.PassagesOf(documents[random.Next(documents.Count)].Id);
            var sentence = passages[random.Next(passages.Count)].Sentences.Last();
            var words = sentence.TrimEnd('.').Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var picked = Enumerable.Range(0, 3).Select(_ => words[random.Next(words.Length)].ToLowerInvariant());
            questions.Add($"{openers[random.Next(openers.Length)]} {string.Join(' ', picked)}?");
        }
        return questions;
    }
}
