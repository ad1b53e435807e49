using System.Collections.Concurrent;
using System.Data.Common;

namespace ChatBot.Core.Storage;

public abstract partial class ChatStore
{
    // Enough to amortise a commit over a busy moment; small enough that one batch stays short.
    private const int MaxBatch = 128;

    private readonly ConcurrentQueue<QueuedWrite> _queuedWrites = new();
    private int _committing;

    /// <summary>
    /// Group commit for the writes every answer and every Teams activity makes (the answer-log
    /// entry, the conversation's context and reference, the inbox's accept, claim, progress and
    /// completion). Each caller still waits until its own write is committed, so nothing is less
    /// durable than one transaction per write; but writes queued while a commit is under way go
    /// together in the next transaction: one commit (one WAL sync on SQLite, one round trip of
    /// COMMIT on PostgreSQL) and one prepared statement per batch instead of per answer. A batch
    /// that fails is retried write by write, so one bad write fails only its own caller.
    /// </summary>
    protected Task<T> WriteInBatchAsync<T>(Func<WriteBatch, Task<T>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var queued = new QueuedWrite<T>(write, cancellationToken);
        _queuedWrites.Enqueue(queued);
        if (Interlocked.CompareExchange(ref _committing, 1, 0) == 0)
        {
            // Off the caller's thread: the committer may go on with later batches.
            _ = Task.Run(CommitQueuedAsync, CancellationToken.None);
        }
        return queued.Task;
    }

    private async Task CommitQueuedAsync()
    {
        var batch = new List<QueuedWrite>();
        while (true)
        {
            while (batch.Count < MaxBatch && _queuedWrites.TryDequeue(out var next))
            {
                if (!next.CancelIfRequested())
                {
                    batch.Add(next);
                }
            }
            if (batch.Count == 0)
            {
                Volatile.Write(ref _committing, 0);
                // A write queued after the last look but before the flag dropped has nobody to commit it.
                if (_queuedWrites.IsEmpty || Interlocked.CompareExchange(ref _committing, 1, 0) != 0)
                {
                    return;
                }
                continue;
            }
            await CommitAsync(batch);
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<QueuedWrite> batch)
    {
        try
        {
            await RunInTransactionAsync(batch);
            foreach (var write in batch)
            {
                write.Publish();
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            // Which write broke the batch is unknown: each goes again alone, and only that one fails.
            foreach (var write in batch)
            {
                await CommitAsync([write]);
            }
        }
        catch (Exception e)
        {
            batch[0].Fail(e);
        }
    }

    /// <summary>
    /// A batch whose session the database ended (restart, failover) did not commit: it runs again
    /// on a fresh connection, as single statements do (see <see cref="RetryingAsync"/>).
    /// </summary>
    private async Task RunInTransactionAsync(List<QueuedWrite> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RunInTransactionOnceAsync(batch);
                return;
            }
            catch (DbException e) when (attempt < ReconnectAttempts && IsConnectionLost(e))
            {
                ForgetPooledConnections();
                await Task.Delay(ReconnectDelay(attempt));
            }
        }
    }

    private async Task RunInTransactionOnceAsync(List<QueuedWrite> batch)
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        await using var commands = new WriteBatch(connection, transaction);
        foreach (var write in batch)
        {
            // A caller that gave up after its write was taken into the batch still gets it written:
            // the rest of the batch must not fail with it.
            await write.RunAsync(commands);
        }
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>The open transaction of one batch, with one prepared command per statement text.</summary>
    protected sealed class WriteBatch(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
    {
        private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

        public Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters) =>
            Prepared(sql, parameters).ExecuteNonQueryAsync(CancellationToken.None);

        /// <summary>A statement that returns rows (<c>UPDATE … RETURNING</c>: a claim).</summary>
        public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
        {
            var command = Prepared(sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
            var rows = new List<T>();
            while (await reader.ReadAsync(CancellationToken.None))
            {
                rows.Add(map(reader));
            }
            return rows;
        }

        private DbCommand Prepared(string sql, (string Name, object? Value)[] parameters)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = Command(connection, transaction, sql, parameters);
                _commands[sql] = command;
                return command;
            }
            foreach (var (name, value) in parameters)
            {
                command.Parameters[name].Value = value ?? DBNull.Value;
            }
            return command;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _commands.Values)
            {
                await command.DisposeAsync();
            }
        }
    }

    private abstract class QueuedWrite
    {
        public abstract bool CancelIfRequested();

        public abstract Task RunAsync(WriteBatch batch);

        public abstract void Publish();

        public abstract void Fail(Exception e);
    }

    private sealed class QueuedWrite<T>(Func<WriteBatch, Task<T>> write, CancellationToken cancellationToken) : QueuedWrite
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _done.Task;

        public override bool CancelIfRequested() =>
            cancellationToken.IsCancellationRequested && _done.TrySetCanceled(cancellationToken);

        public override async Task RunAsync(WriteBatch batch) => _result = await write(batch);

        // Only after the commit: a caller never sees a write that a failed commit took back.
        public override void Publish() => _done.TrySetResult(_result!);

        public override void Fail(Exception e) => _done.TrySetException(e);
    }
}
