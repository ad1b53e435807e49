using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using ChatBot.Testing;

namespace ChatBot.Cluster.Tests.Processes;

/// <summary>
/// One worker as production runs it: <c>dotnet ChatBot.Host.dll</c> in its own process, configured
/// through environment variables, with its own port and data folder. It can be killed with
/// SIGKILL (nothing runs on the way out) and started again on the same port and folder.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private const int MaxOutputLines = 400;

    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly HttpClient _http;
    private Process? _process;

    public WorkerProcess(string name, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        Port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
        DataPath = Path.Combine(Path.GetTempPath(), "chatbot-cluster-tests", Guid.NewGuid().ToString("n"), name);
        Directory.CreateDirectory(DataPath);
        _settings = settings;
        _http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string DataPath { get; }

    public HttpClient Http => _http;

    public bool Running => _process is { HasExited: false };

    /// <summary>The last lines the process wrote (stdout and stderr), for failure messages.</summary>
    public string Output => $"--- {Name} (pid {_process?.Id}) ---\n" + string.Join('\n', _output);

    /// <summary>ChatBot.Host.dll as built next to the tests (same configuration).</summary>
    public static string HostAssembly
    {
        get
        {
            var configuration = typeof(WorkerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var path = Path.Combine(RepositoryPaths.Root, "src", "ChatBot.Host", "bin", configuration, "net10.0", "ChatBot.Host.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build src/ChatBot.Host first", path);
        }
    }

    public void Start()
    {
        if (Running)
        {
            throw new InvalidOperationException($"{Name} is already running.");
        }
        var start = new ProcessStartInfo(DotnetExecutable())
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostAssembly);
        foreach (var (key, value) in _settings)
        {
            start.Environment[key] = value;
        }
        start.Environment["Urls"] = BaseAddress.ToString().TrimEnd('/');
        start.Environment["Web__Urls"] = BaseAddress.ToString().TrimEnd('/');
        start.Environment["ChatBot__Data__Path"] = DataPath;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // One line per log entry keeps the captured output readable.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Capture($"[test] started {Name} as pid {process.Id} on {BaseAddress}");
    }

    /// <summary>Polls <c>/readyz</c> until the worker is ready (index loaded, store open).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (_process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"{Name} exited with code {exited.ExitCode} before it was ready.\n{Output}");
            }
            try
            {
                using var response = await _http.GetAsync("readyz", deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
            }
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{Name} was not ready after {timeout}.\n{Output}");
            }
            await Task.Delay(200, CancellationToken.None);
        }
    }

    /// <summary>SIGKILL: the worker gets no chance to close sessions, release claims or flush anything.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }
        Capture($"[test] kill -9 {process.Id}");
        process.Kill();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGSTOP: the worker freezes (as in a long GC pause or a suspended VM) with its sockets open.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT: a paused worker carries on where it stopped, its timers long overdue.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }
        Capture($"[test] kill -{signal} {process.Id}");
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        await kill!.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager stops it: the worker shuts down gracefully.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }
        using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            await term!.WaitForExitAsync();
        }
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(45));
        }
        catch (TimeoutException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _process?.Dispose();
            _http.Dispose();
            try
            {
                Directory.Delete(Path.GetDirectoryName(DataPath)!, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > MaxOutputLines && _output.TryDequeue(out _))
        {
        }
    }

    /// <summary>The dotnet host running these tests, so the workers run on the same runtime.</summary>
    private static string DotnetExecutable() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
