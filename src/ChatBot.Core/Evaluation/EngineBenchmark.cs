using System.Diagnostics;
using System.Text;
using ChatBot.Core.Answers;
using ChatBot.Core.Configuration;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Search;
using ChatBot.Core.Semantic;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Evaluation;

/// <summary>
/// Builds a synthetic corpus of N passages in a scratch folder, indexes it with the real engine,
/// then times full answers and, for the same queries, bare Lucene TopDocs searches; with the
/// semantic layer, also the model's throughput, question embedding and hybrid retrieval.
/// </summary>
public sealed class EngineBenchmark(string scratch, string synonymsPath)
{
    private const int PassagesPerDocument = 10;
    private const int SlowestShown = 8;

    /// <summary>Warm-up before the start-up figures: what bench always did (50 questions).</summary>
    private const int StartUpWarmUp = 50;

    /// <summary>Warm-up questions between two looks at the JIT: about a second of CPU at 100,000 passages.</summary>
    private const int WarmUpWindow = 50;

    /// <summary>Cap on the steady-state warm-up, so a JIT that never settles still ends the run (and says so).</summary>
    private const int MaxWarmUp = 3000;

    private static readonly string[] DomainWords =
    [
        "semiconductors", "quantum", "council", "cybersecurity", "Brussels", "Seoul", "research", "funding", "platform",
        "connectivity", "standards", "cooperation", "supercomputing", "cryptography", "researchers", "agreement", "data",
        "innovation", "supply", "chain", "workshop", "forum", "ministers", "projects", "investment", "regulation",
    ];

    public Task<BenchmarkResult> RunAsync(int passages, int queries, IProgress<string>? progress, CancellationToken cancellationToken) =>
        RunAsync(new BenchmarkSettings(passages, queries), progress, cancellationToken);

    public async Task<BenchmarkResult> RunAsync(BenchmarkSettings settings, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var corpus = Path.Combine(scratch, "corpus");
        var data = Path.Combine(scratch, "data");
        var random = new Random(42);
        var vocabulary = Vocabulary(random, 3000);
        progress?.Report($"writing {settings.Passages} passages");
        WriteCorpus(corpus, settings.Passages, vocabulary, random);
        var memory = new List<MemoryCheckpoint>();
        void Checkpoint(string step)
        {
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            using var self = Process.GetCurrentProcess();
            memory.Add(new MemoryCheckpoint(step, heap, self.WorkingSet64, self.PeakWorkingSet64)
            {
                CommittedBytes = GC.GetGCMemoryInfo().TotalCommittedBytes,
                MappedFileBytes = ResidentFileBytes(),
            });
        }
        Checkpoint("corpus written");

        var paths = new ChatBotPaths(corpus, data);
        using var model = settings.Semantic is { } semanticOptions ? new SentenceTransformerEmbedder(Options.Create(semanticOptions), paths) : null;
        var embedder = model is null ? null : settings.StandIns ? new StandInPassageEmbedder(model) : (ITextEmbedder)model;
        using var semantic = embedder is null ? null : new SemanticIndex(embedder, paths, Options.Create(VectorOptions(settings, model!)));
        using var knowledge = new KnowledgeBase(paths, Options.Create(new IndexOptions { SynonymsPath = synonymsPath }), semantic: semantic);
        progress?.Report("indexing");
        var clock = Stopwatch.StartNew();
        var report = await knowledge.RefreshAsync(rebuild: true, null, cancellationToken);
        var indexTime = clock.Elapsed;
        Checkpoint("indexed (passages in memory)");

        var engine = new AnswerEngine(knowledge, TimeProvider.System, Options.Create(new AnswerOptions()));
        var profiler = new QuestionProfiler(knowledge.Analysis, knowledge.Synonyms, knowledge.Statistics.Idf);
        var builder = new PassageQueryBuilder(knowledge.Analysis);
        var questions = Questions(knowledge, random, settings.Queries);

        progress?.Report("analysing passages");
        await knowledge.WarmUp.WaitAsync(cancellationToken);
        Checkpoint("passages analysed");

        var vectorsTime = TimeSpan.Zero;
        if (semantic is not null)
        {
            progress?.Report("vectors: reading the cache, computing what is missing");
            clock.Restart();
            await semantic.WhenCurrent.WaitAsync(cancellationToken);
            vectorsTime = clock.Elapsed;
            // With stand-ins nothing has called the model yet; the checkpoint below says it is loaded.
            model?.EmbedQuery("warm up", cancellationToken);
            if (semantic.Status is { Failure: { } failure })
            {
                throw new InvalidOperationException($"computing vectors failed: {failure}");
            }
            Checkpoint("vectors ready, model loaded");
        }

        // Start-up, as a freshly started service sees it: a short warm-up, then answers while the
        // runtime's tiered JIT (with dynamic PGO) is still compiling. Both use questions of their own
        // (other seeds than the timed ones), so no cache is warmed for the timed questions.
        progress?.Report("warming up (start-up)");
        var warmRandom = new Random(7);
        foreach (var question in Questions(knowledge, warmRandom, StartUpWarmUp))
        {
            await WarmAsync(question);
        }
        var startUpThreads = ThreadCpu.ByName();
        var startUpTimes = new List<double>(settings.Queries);
        foreach (var question in Questions(knowledge, new Random(11), settings.Queries))
        {
            var start = Stopwatch.GetTimestamp();
            await engine.AskAsync(new AskRequest(question), cancellationToken);
            startUpTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        var startUp = new StartUpPass(
            startUpTimes.Count, StartUpWarmUp, Percentile(startUpTimes, 0.5), Percentile(startUpTimes, 0.99),
            ThreadCpu.Since(startUpThreads, ThreadCpu.ByName()).GetValueOrDefault(ThreadCpu.BackgroundJit));

        // Steady state, as a service that has answered for a while sees it: warm up in windows of
        // questions of its own until the JIT is quiet (or the cap), then time the timed questions.
        progress?.Report("warming up until the JIT is quiet");
        var quiet = new JitQuiet();
        var windows = new List<JitWindow>();
        var warmedUp = 0;
        while (!quiet.IsSettled(windows) && warmedUp < MaxWarmUp)
        {
            var cpuBefore = ProcessCpuClock.NowMs();
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime(currentThread: false);
            foreach (var question in Questions(knowledge, warmRandom, WarmUpWindow))
            {
                await WarmAsync(question);
            }
            warmedUp += WarmUpWindow;
            windows.Add(new JitWindow(
                ProcessCpuClock.NowMs() - cpuBefore,
                (System.Runtime.JitInfo.GetCompilationTime(currentThread: false) - jitBefore).TotalMilliseconds));
        }
        var warmUp = new WarmUpPass(StartUpWarmUp + settings.Queries + warmedUp, quiet.IsSettled(windows), windows);

        async Task WarmAsync(string question)
        {
            // What the timed pass runs: answers, bare searches and (with vectors) hybrid retrieval.
            await engine.AskAsync(new AskRequest(question), cancellationToken);
            knowledge.Retrieval.SearchTopDocs(builder.Build(profiler.Profile(question)), 20);
            knowledge.Retrieval.SearchHybrid(question, builder.Build(profiler.Profile(question)), 20);
        }

        progress?.Report("timing answers and bare searches");
        // Whatever background JIT is left after the warm-up competes with answers for the cores: its CPU is reported.
        var timedCpu = ProcessCpuClock.NowMs();
        var timedThreads = ThreadCpu.ByName();
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
            knowledge.Retrieval.SearchTopDocs(builder.Build(profiler.Profile(question)), 20);
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        async Task<bool> TimeAnswer(string question)
        {
            var start = Stopwatch.GetTimestamp();
            var answer = await engine.AskAsync(new AskRequest(question), cancellationToken);
            answerTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            return answer.Answered;
        }

        var timedPass = new TimedPassCpu(
            (ProcessCpuClock.NowMs() - timedCpu) / Math.Max(1, questions.Count),
            ThreadCpu.Since(timedThreads, ThreadCpu.ByName()).GetValueOrDefault(ThreadCpu.BackgroundJit));

        // CPU per answer: the process's user + system time (every thread: GC, the model's own threads)
        // over one more pass that only answers, so the figure holds on a loaded machine, where
        // wall-clock latency mostly measures waiting for a core.
        progress?.Report("timing CPU per answer");
        var cpu = await AnswerCpuAsync(engine, questions, cancellationToken);

        SemanticBenchmarkResult? semanticResult = null;
        if (semantic is not null && model is not null)
        {
            progress?.Report("timing question embedding and hybrid retrieval");
            var embedTimes = new List<double>(questions.Count);
            var hybridTimes = new List<double>(questions.Count);
            var lexicalTimes = new List<double>(questions.Count);
            foreach (var question in questions)
            {
                var start = Stopwatch.GetTimestamp();
                model.EmbedQuery(question, cancellationToken);
                embedTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);

                var query = builder.Build(profiler.Profile(question));
                start = Stopwatch.GetTimestamp();
                knowledge.Retrieval.Search(query, 20);
                lexicalTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);

                start = Stopwatch.GetTimestamp();
                knowledge.Retrieval.SearchHybrid(question, query, 20);
                hybridTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            var (scan, agree) = semantic.Serving is { } serving ? TimeScan(serving, model, questions, cancellationToken) : ([], true);
            var throughput = settings.ThroughputPassages > 0
                ? TimeThroughput(model, knowledge, settings.ThroughputPassages, progress, cancellationToken)
                : [];
            var status = semantic.Status;
            var standIns = (embedder as StandInPassageEmbedder)?.StandIns ?? 0;
            var embedded = (int)status.Embedded - standIns;
            semanticResult = new SemanticBenchmarkResult(
                model.ModelId, throughput,
                status.Passages - (int)status.Embedded, embedded, standIns, vectorsTime,
                Percentile(embedTimes, 0.5), Percentile(embedTimes, 0.99),
                Percentile(hybridTimes, 0.5), Percentile(hybridTimes, 0.99),
                Percentile(lexicalTimes, 0.5), Percentile(lexicalTimes, 0.99))
            {
                Scan = scan,
                ScanKernelsAgree = agree,
            };
        }

        Checkpoint("timed");
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new BenchmarkResult(
            report.Documents, report.Passages, indexTime, questions.Count,
            Percentile(answerTimes, 0.5), Percentile(answerTimes, 0.99),
            Percentile(searchTimes, 0.5), Percentile(searchTimes, 0.99),
            process.PeakWorkingSet64, answered)
        {
            Memory = memory,
            Semantic = semanticResult,
            AnswerCpu = cpu,
            TimedPass = timedPass,
            StartUp = startUp,
            WarmUp = warmUp,
        };
    }

    /// <summary>Questions whose scans are timed per kernel, and rounds over them.</summary>
    private const int ScanQuestions = 40;
    private const int ScanRounds = 5;

    /// <summary>Depth of the timed scans: the answer path reads 50 nearest (SemanticOptions.CandidatesPerRanking).</summary>
    private const int ScanDepth = 50;

    /// <summary>
    /// The exact scan alone, on the calling thread, for each kernel this processor runs: the kernels
    /// take turns round by round so a loaded machine slows them alike, and CPU time (not wall
    /// clock) is what is compared. Also checks that every kernel returns the same nearest rows.
    /// </summary>
    private static (IReadOnlyList<ScanCpu> Cpu, bool Agree) TimeScan(VectorIndex index, SentenceTransformerEmbedder model, List<string> questions, CancellationToken cancellationToken)
    {
        var queries = questions.Take(ScanQuestions).Select(question =>
        {
            var vector = model.EmbedQuery(question, cancellationToken);
            var query = new sbyte[vector.Length];
            return (Query: query, Scale: Int8Vector.Quantize(vector, query));
        }).ToList();
        var kernels = Enum.GetValues<Int8Vector.Kernel>().Where(Int8Vector.Supports).OrderByDescending(k => k).ToList();
        var cpu = kernels.ToDictionary(k => k, _ => TimeSpan.Zero);
        var reference = queries.Select(q => index.Nearest(q.Query, q.Scale, ScanDepth, parts: 1)).ToList();
        var agree = true;
        using var self = Process.GetCurrentProcess();
        for (var round = 0; round < ScanRounds; round++)
        {
            foreach (var kernel in kernels)
            {
                cancellationToken.ThrowIfCancellationRequested();
                self.Refresh();
                var before = self.TotalProcessorTime;
                for (var i = 0; i < queries.Count; i++)
                {
                    var nearest = index.Nearest(queries[i].Query, queries[i].Scale, ScanDepth, parts: 1, kernel);
                    agree &= round > 0 || nearest.SequenceEqual(reference[i]);
                }
                self.Refresh();
                cpu[kernel] += self.TotalProcessorTime - before;
            }
        }
        var scans = queries.Count * ScanRounds;
        return (kernels.Select(k => new ScanCpu(k.ToString(), index.Count, scans, cpu[k].TotalMilliseconds / Math.Max(1, scans))).ToList(), agree);
    }

    private static async Task<AnswerCpu> AnswerCpuAsync(AnswerEngine engine, List<string> questions, CancellationToken cancellationToken)
    {
        using var self = Process.GetCurrentProcess();
        var (user, system) = (self.UserProcessorTime, self.PrivilegedProcessorTime);
        var allocated = GC.GetTotalAllocatedBytes();
        var paused = GC.GetTotalPauseDuration();
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var threads = ThreadCpu.ByName();
        // Each answer's own CPU as well: its tail shows whether a slow answer did more work or waited for a core.
        var each = new List<double>(questions.Count);
        foreach (var question in questions)
        {
            var before = ProcessCpuClock.NowMs();
            await engine.AskAsync(new AskRequest(question), cancellationToken);
            each.Add(ProcessCpuClock.NowMs() - before);
        }
        self.Refresh();
        var count = Math.Max(1, questions.Count);
        return new AnswerCpu(
            questions.Count,
            (self.UserProcessorTime - user).TotalMilliseconds / count,
            (self.PrivilegedProcessorTime - system).TotalMilliseconds / count)
        {
            AllocatedBytes = (GC.GetTotalAllocatedBytes() - allocated) / count,
            Collections = (GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2),
            GcPauseMs = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds / count,
            P50Ms = Percentile(each, 0.5),
            P99Ms = Percentile(each, 0.99),
            BackgroundJitMs = ThreadCpu.Since(threads, ThreadCpu.ByName()).GetValueOrDefault(ThreadCpu.BackgroundJit),
            Slowest = questions.Zip(each).OrderByDescending(q => q.Second).Take(SlowestShown).ToList(),
        };
    }

    /// <summary>RssFile of /proc/self/status (Linux): resident pages backed by files.</summary>
    private static long ResidentFileBytes()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("RssFile:", StringComparison.Ordinal));
            var kb = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return kb is null ? 0 : long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    /// <summary>Where vectors live for this run: the cache itself, or a scratch copy of it when stand-ins must not reach it.</summary>
    private SemanticOptions VectorOptions(BenchmarkSettings settings, ITextEmbedder model)
    {
        var options = settings.Semantic!;
        var folder = Path.Combine(scratch, "vectors");
        if (settings.VectorCache is { } cache)
        {
            var cached = Path.Combine(cache, model.ModelId + ".vec");
            if (!settings.StandIns)
            {
                folder = cache;
            }
            else if (File.Exists(cached))
            {
                Directory.CreateDirectory(folder);
                File.Copy(cached, Path.Combine(folder, model.ModelId + ".vec"));
            }
        }
        return new SemanticOptions
        {
            Enabled = true,
            Model = options.Model,
            CandidatesPerRanking = options.CandidatesPerRanking,
            FusionK = options.FusionK,
            BatchSize = options.BatchSize,
            Threads = options.Threads,
            VectorsPath = folder,
        };
    }

    /// <summary>
    /// Embeds the first passages fresh (no cache) with one model call at a time (a running
    /// worker's default), then with one per core (one-shot commands), and returns passages per second.
    /// </summary>
    private static List<EmbeddingThroughput> TimeThroughput(
        SentenceTransformerEmbedder model, KnowledgeBase knowledge, int count, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var texts = knowledge.Documents.SelectMany(d => knowledge.PassagesOf(d.Id)).Take(count).Select(p => p.Text).ToList();
        var results = new List<EmbeddingThroughput>();
        foreach (var threads in new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            progress?.Report($"timing the model on {texts.Count} passages, {threads} thread(s)");
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            model.EmbedPassages(texts, threads, cancellationToken);
            var elapsed = clock.Elapsed;
            var cpuTime = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            results.Add(new EmbeddingThroughput(threads, texts.Count, texts.Count / elapsed.TotalSeconds, texts.Count / cpuTime.TotalSeconds));
        }
        return results;
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
