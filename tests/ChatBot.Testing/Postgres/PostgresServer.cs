using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ChatBot.Testing.Postgres;

/// <summary>
/// A real PostgreSQL server for tests. <see cref="SharedAsync"/> gives the one server of this test
/// process: the server named by <c>CHATBOT_TEST_POSTGRES</c> (an Npgsql connection string with
/// the right to create databases; <c>.ci/run</c> starts one and sets it), or else a throwaway
/// cluster <see cref="StartAsync">initdb'ed</see> in a temp folder on a free loopback port and
/// deleted when the process exits. Each test takes a fresh database with <see cref="CreateDatabaseAsync"/>.
/// As root, initdb and the server run as the <c>postgres</c> user (PostgreSQL refuses root).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "CHATBOT_TEST_POSTGRES";
    private const string FolderPrefix = "chatbot-pg-";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(CreateSharedAsync);

    private readonly string? _folder;
    private readonly string? _binaries;
    private readonly string? _runAs;
    private readonly string? _settings;

    private PostgresServer(string adminConnectionString, string? folder, string? binaries, string? runAs, string? settings = null)
    {
        AdminConnectionString = adminConnectionString;
        _folder = folder;
        _binaries = binaries;
        _runAs = runAs;
        _settings = settings;
    }

    /// <summary>Connects to the maintenance database as a user that may create databases.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The server every test of this process shares (started on first use).</summary>
    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    private static async Task<PostgresServer> CreateSharedAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new PostgresServer(configured, null, null, null);
        }
        var server = await StartAsync(CancellationToken.None);
        // The process is the server's owner; stop it with the test run rather than leave it behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    /// <summary>Creates an empty database and returns a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = "chatbot_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>initdb's a new cluster in a temp folder and starts it on a free loopback port.</summary>
    /// <param name="durableCommits">
    /// Keep PostgreSQL's default <c>synchronous_commit = on</c>, for a test that crashes the server: the
    /// shared test server turns it off for speed, and then a commit the client was told of can be
    /// lost to a crash, as it can in production with that setting.
    /// </param>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken, bool durableCommits = false)
    {
        var binaries = FindBinaries();
        var runAs = IsRoot() ? "postgres" : null;
        SweepStoppedClusters();
        var folder = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        if (runAs is not null)
        {
            await RunAsync("chown", ["-R", runAs, folder], null, cancellationToken);
        }
        var data = Path.Combine(folder, "data");
        await RunAsync(Path.Combine(binaries, "initdb"),
            ["-D", data, "-U", "chatbot", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], runAs, cancellationToken);

        // A port taken between probing and binding makes pg_ctl fail; try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            // fsync=off survives the server's own crash (the data is in the OS's cache), not the machine's.
            var settings = $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit={(durableCommits ? "on" : "off")} " +
                           "-c full_page_writes=off -c max_connections=300 -c shared_buffers=32MB";
            try
            {
                await RunAsync(Path.Combine(binaries, "pg_ctl"),
                    ["-D", data, "-l", Path.Combine(folder, "server.log"), "-o", settings, "-w", "-t", "120", "start"], runAs, cancellationToken);
                var admin = new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1",
                    Port = port,
                    Username = "chatbot",
                    Database = "postgres",
                    // A loaded two-core machine may be slow to answer; tests must not fail on that.
                    Timeout = 60,
                    CommandTimeout = 120,
                }.ConnectionString;
                return new PostgresServer(admin, folder, binaries, runAs, settings);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>
    /// Stops this throwaway server: <paramref name="crash"/> as a power cut would (<c>-m immediate</c>:
    /// every session cut, no checkpoint, crash recovery on the next start), else as a clean
    /// restart does (<c>-m fast</c>: sessions ended, transactions in flight rolled back).
    /// </summary>
    public Task StopAsync(bool crash, CancellationToken cancellationToken = default) =>
        RunAsync(Path.Combine(OwnBinaries, "pg_ctl"), ["-D", Path.Combine(_folder!, "data"), "-m", crash ? "immediate" : "fast", "-w", "-t", "120", "stop"], _runAs, cancellationToken);

    /// <summary>Starts this throwaway server again after <see cref="StopAsync"/>, on the same port and data.</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken = default) =>
        RunAsync(Path.Combine(OwnBinaries, "pg_ctl"),
            ["-D", Path.Combine(_folder!, "data"), "-l", Path.Combine(_folder!, "server.log"), "-o", _settings!, "-w", "-t", "120", "start"], _runAs, cancellationToken);

    private string OwnBinaries => _folder is null || _binaries is null
        ? throw new InvalidOperationException("Only a server this test process started (StartAsync) can be stopped and started.")
        : _binaries;

    public async ValueTask DisposeAsync()
    {
        if (_folder is null)
        {
            return;
        }
        try
        {
            await RunAsync(Path.Combine(_binaries!, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"], _runAs, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the folder still goes.
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Swept by the next run (see SweepStoppedClusters).
        }
    }

    /// <summary>
    /// Removes clusters of earlier runs whose server is no longer running (a test process that was
    /// killed, or whose exit handler was cut short), so temp space does not fill up.
    /// </summary>
    private static void SweepStoppedClusters()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            if (File.Exists(Path.Combine(folder, "data", "postmaster.pid")) || Directory.GetLastWriteTimeUtc(folder) > DateTime.UtcNow.AddMinutes(-10))
            {
                continue;
            }
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsRoot()
    {
        try
        {
            return File.ReadAllLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string FindBinaries()
    {
        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            var newest = Directory.GetDirectories(debian)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")))
            {
                return folder;
            }
        }
        throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) not found: run `apt-get install -y postgresql` (as .ci/run does), " +
            $"or set {EnvironmentVariable} to the connection string of a server the tests may create databases on.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, string? runAs, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            FileName = runAs is null ? program : "runuser",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // initdb and pg_ctl resolve relative paths and write files; the temp folder is theirs.
            WorkingDirectory = Path.GetTempPath(),
        };
        if (runAs is not null)
        {
            foreach (var argument in new[] { "-u", runAs, "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}
