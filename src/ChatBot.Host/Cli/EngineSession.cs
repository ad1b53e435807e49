using System.CommandLine;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Semantic;

namespace ChatBot.Host.Cli;

/// <summary>
/// What the engine commands (ask, index, eval) share: a host with core services, an index that is
/// refreshed before use, and one-line errors for a missing or empty corpus.
/// </summary>
internal sealed class EngineSession : IAsyncDisposable
{
    private readonly IHost _host;

    private EngineSession(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IKnowledgeBase Knowledge => Services.GetRequiredService<IKnowledgeBase>();

    public IndexReport? Report { get; private set; }

    /// <summary>
    /// A one-shot command waits for the passage vectors and does nothing else meanwhile, so the
    /// model may use every core (the worker's default of one leaves a core to answering). On a
    /// fresh data folder that is most of an `eval`'s time.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string?> OneShotDefaults = new Dictionary<string, string?>
    {
        [SemanticOptions.Section + ":Threads"] = Math.Min(Environment.ProcessorCount, 64).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static Task<EngineSession> StartAsync(CliContext cli, ParseResult parseResult, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // The host is not started: commands need its services, not its lifetime (whose log lines
        // would mix with command output). Options are validated as a start would.
        var host = cli.CreateHost(parseResult, OneShotDefaults);
        try
        {
            host.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return Task.FromResult(new EngineSession(host));
    }

    /// <summary>Refreshes the index; returns an error line when the corpus is missing or has no usable document.</summary>
    public async Task<string?> RefreshAsync(bool rebuild, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            Report = await Knowledge.RefreshAsync(rebuild, progress, cancellationToken);
        }
        catch (DirectoryNotFoundException ex)
        {
            return ex.Message;
        }
        // One-shot commands answer once, so they wait for the passage vectors (only new or
        // edited passages are embedded; the rest come from <data>/vectors) to answer the same
        // way every run. The worker never waits: it answers lexically until they are done.
        await Services.GetRequiredService<SemanticIndex>().WhenCurrent.WaitAsync(cancellationToken);
        if (Report.Documents == 0)
        {
            var paths = Services.GetRequiredService<Core.Configuration.ChatBotPaths>();
            var skipped = Report.Skipped.Count > 0 ? $" ({Report.Skipped.Count} file(s) skipped: {string.Join("; ", Report.Skipped.Select(s => $"{s.Path}: {s.Reason}"))})" : "";
            return $"no documents to index in {paths.CorpusPath}{skipped}";
        }
        return null;
    }

    public ValueTask DisposeAsync()
    {
        _host.Dispose();
        return ValueTask.CompletedTask;
    }
}
