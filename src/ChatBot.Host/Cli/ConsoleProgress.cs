using Spectre.Console;

namespace ChatBot.Host.Cli;

/// <summary>
/// A progress bar for long CLI commands when the output is a terminal; piped or redirected output
/// gets no bar (and no escape codes), only the command's own lines.
/// </summary>
internal static class ConsoleProgress
{
    /// <param name="read">Turns one progress report into done, total and the item being worked on.</param>
    public static async Task<T> RunAsync<TProgress, T>(
        TextWriter output,
        string label,
        Func<TProgress, (int Done, int Total, string? Current)> read,
        Func<IProgress<TProgress>?, Task<T>> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (!console.Profile.Capabilities.Interactive)
        {
            return await work(null);
        }
        T result = default!;
        await console.Progress().StartAsync(async context =>
        {
            var task = context.AddTask(label);
            var progress = new Progress<TProgress>(p =>
            {
                var (done, total, current) = read(p);
                task.MaxValue = Math.Max(1, total);
                task.Value = done;
                task.Description = current is { } item ? Markup.Escape(item) : label;
            });
            result = await work(progress);
            task.Value = task.MaxValue;
        });
        return result;
    }
}
