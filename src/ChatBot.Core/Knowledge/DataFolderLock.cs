using System.Globalization;
using ChatBot.Core.Configuration;
using Microsoft.Extensions.Hosting;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Holds <c>&lt;data&gt;/worker.lock</c> for as long as the worker runs, so a second worker on the
/// same data folder stops at start-up with a clear message instead of corrupting the first one's
/// Lucene index and vectors. The lock is the operating system's (released when the process dies,
/// even by <c>kill -9</c>); CLI commands do not take it, they share the index through its own lock.
/// </summary>
public sealed class DataFolderLock(ChatBotPaths paths, TimeProvider time) : IHostedService, IDisposable
{
    public const string FileName = "worker.lock";

    private FileStream? _lock;

    public string LockPath => Path.Combine(paths.DataPath, FileName);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(paths.DataPath);
        try
        {
            _lock = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"Another worker is running on the data folder '{paths.DataPath}' ({LockPath} is locked). " +
                "Give each worker its own ChatBot:Data:Path: the index and vectors there belong to one worker. " +
                "Workers share the database (ChatBot:Store:Provider=postgres) and the corpus, never a data folder.", e);
        }
        // Who holds it, for whoever finds the file.
        var holder = $"pid {Environment.ProcessId} on {Environment.MachineName} since {time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)}\n";
        _lock.SetLength(0);
        await _lock.WriteAsync(System.Text.Encoding.UTF8.GetBytes(holder), cancellationToken);
        await _lock.FlushAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }
}
