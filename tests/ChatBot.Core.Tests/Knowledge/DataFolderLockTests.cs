using ChatBot.Core.Configuration;
using ChatBot.Core.Knowledge;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Knowledge;

public sealed class DataFolderLockTests
{
    [Fact]
    public async Task A_second_worker_on_the_same_data_folder_is_refused_until_the_first_stops()
    {
        using var data = new TempFolder();
        var paths = new ChatBotPaths(data.Path, data.Path);
        using var first = new DataFolderLock(paths, TimeProvider.System);
        using var second = new DataFolderLock(paths, TimeProvider.System);
        await first.StartAsync(default);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => second.StartAsync(default));
        Assert.Contains(data.Path, error.Message);
        Assert.Contains("ChatBot:Data:Path", error.Message);

        await first.StopAsync(default);
        await second.StartAsync(default);
    }

    [Fact]
    public async Task Workers_on_different_data_folders_run_side_by_side()
    {
        using var one = new TempFolder();
        using var two = new TempFolder();
        using var first = new DataFolderLock(new ChatBotPaths(one.Path, one.Path), TimeProvider.System);
        using var second = new DataFolderLock(new ChatBotPaths(one.Path, two.Path), TimeProvider.System);

        await first.StartAsync(default);
        await second.StartAsync(default);

        Assert.True(File.Exists(second.LockPath));
    }
}
