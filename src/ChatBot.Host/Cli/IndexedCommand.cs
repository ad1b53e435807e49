using System.CommandLine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ChatBot.Host.Cli;

/// <summary>
/// The frame the topic and digest commands share: an engine session, optionally an index
/// refreshed first, and every expected failure (bad settings, unreadable files, a broken topic
/// list or store) reported as one line prefixed with the command's name, exit code 2.
/// </summary>
internal static class IndexedCommand
{
    public static async Task<int> RunAsync(
        CliContext cli,
        ParseResult parseResult,
        string name,
        bool refreshIndex,
        Func<EngineSession, Task<int>> body,
        CancellationToken cancellationToken)
    {
        try
        {
            await using var session = await EngineSession.StartAsync(cli, parseResult, cancellationToken);
            if (refreshIndex && await session.RefreshAsync(false, null, cancellationToken) is { } error)
            {
                cli.Error.WriteLine($"{name}: {error}");
                return 2;
            }
            return await body(session);
        }
        catch (Exception ex) when (ex is OptionsValidationException or IOException or UnauthorizedAccessException or InvalidDataException or SqliteException)
        {
            cli.Error.WriteLine($"{name}: {ex.Message}");
            return 2;
        }
    }
}
