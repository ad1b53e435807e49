using System.Diagnostics;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Tests.Support;
using ChatBot.Testing;

namespace ChatBot.Core.Tests.Knowledge;

/// <summary>
/// A corpus folder arranged to hurt the indexer: link loops, links out of the corpus, FIFOs and
/// devices posing as documents, copies and paths over the system's limit. Each refresh must
/// finish, index the good files and name what it passed over.
/// </summary>
public class HostileCorpusTests : IDisposable
{
    // Generous: only a hang (the bug) comes near it.
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);

    private readonly TempFolder _corpus = new();
    private readonly TempFolder _data = new();
    private readonly TempFolder _outside = new();

    public HostileCorpusTests()
    {
        _corpus.Write("alpha.md", "---\ntitle: Alpha\ndate: 2024-01-02\n---\nAlpha covers semiconductors. It has two sentences.\n");
        _corpus.Write("areas/beta.txt", "Beta notes\nMarch 3, 2025\nBeta covers quantum computing.\n");
    }

    public void Dispose()
    {
        // Plain rm: .NET's recursive delete gives up on paths over the system limit.
        Shell($"rm -rf '{_corpus.Path}' '{_data.Path}' '{_outside.Path}'");
    }

    private async Task<IndexReport> RefreshAsync(long? maxFileBytes = null)
    {
        using var engine = new Engine(_corpus.Path, _data.Path, maxFileBytes: maxFileBytes);
        return await engine.RefreshAsync().WaitAsync(Hang);
    }

    private static void Shell(string script)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script]) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{script}: {error}");
    }

    [Fact]
    public async Task A_directory_link_back_into_the_corpus_is_not_followed()
    {
        Directory.CreateSymbolicLink(Path.Combine(_corpus.Path, "loop"), ".");
        Directory.CreateSymbolicLink(Path.Combine(_corpus.Path, "areas", "up"), "..");

        var report = await RefreshAsync();

        Assert.Equal(2, report.Documents);
        Assert.Equal(["alpha", "areas/beta"], report.Added.Select(d => d.Id).Order());
        Assert.Contains(report.Skipped, s => s.Path == "loop/" && s.Reason.Contains("not followed"));
        Assert.Contains(report.Skipped, s => s.Path == "areas/up/" && s.Reason.Contains("not followed"));
    }

    [Fact]
    public async Task A_directory_link_out_of_the_corpus_is_not_followed()
    {
        _outside.Write("secret.md", "---\ntitle: Secret\n---\nThis file lives outside the corpus.\n");
        Directory.CreateSymbolicLink(Path.Combine(_corpus.Path, "elsewhere"), _outside.Path);

        var report = await RefreshAsync();

        Assert.Equal(2, report.Documents);
        Assert.DoesNotContain(report.Added, d => d.Id.Contains("secret"));
        Assert.Contains(report.Skipped, s => s.Path == "elsewhere/");
    }

    [Fact]
    public async Task A_fifo_named_like_a_document_is_skipped_not_opened()
    {
        Shell($"mkfifo '{Path.Combine(_corpus.Path, "x.md")}'");

        var report = await RefreshAsync();

        Assert.Equal(2, report.Documents);
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal("x.md", skipped.Path);
        Assert.Contains("not a regular file", skipped.Reason);
    }

    [Fact]
    public async Task A_link_to_a_device_is_skipped_not_read()
    {
        File.CreateSymbolicLink(Path.Combine(_corpus.Path, "zero.md"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(_corpus.Path, "random.txt"), "/dev/urandom");

        var report = await RefreshAsync();

        Assert.Equal(2, report.Documents);
        Assert.Equal(["random.txt", "zero.md"], report.Skipped.Select(s => s.Path).Order());
        Assert.All(report.Skipped, s => Assert.Contains("not a regular file", s.Reason));
    }

    [Fact]
    public async Task The_size_limit_counts_the_bytes_read_not_the_size_a_link_reports()
    {
        // A link's own size is the length of its target's name, far under any limit.
        var big = _outside.Write("big.md", "---\ntitle: Big\n---\n" + string.Concat(Enumerable.Repeat("The council met again. ", 500)));
        File.CreateSymbolicLink(Path.Combine(_corpus.Path, "big.md"), big);

        var report = await RefreshAsync(maxFileBytes: 4096);

        Assert.Equal(2, report.Documents);
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal("big.md", skipped.Path);
        Assert.Contains("ChatBot:Index:MaxFileBytes", skipped.Reason);
    }

    [Fact]
    public async Task A_broken_link_is_skipped_with_a_reason()
    {
        File.CreateSymbolicLink(Path.Combine(_corpus.Path, "gone.md"), Path.Combine(_outside.Path, "nothing-here.md"));

        var report = await RefreshAsync();

        Assert.Equal(2, report.Documents);
        Assert.Equal("broken link", Assert.Single(report.Skipped).Reason);
    }

    [Fact]
    public async Task Hard_links_file_links_and_copies_of_one_file_become_one_document()
    {
        var alpha = Path.Combine(_corpus.Path, "alpha.md");
        Shell($"ln '{alpha}' '{Path.Combine(_corpus.Path, "hard.md")}'");
        File.CreateSymbolicLink(Path.Combine(_corpus.Path, "soft.md"), alpha);
        File.Copy(alpha, Path.Combine(_corpus.Path, "areas", "copy.md"));

        var report = await RefreshAsync();

        Assert.Equal(2, report.Documents);
        Assert.Equal(["areas/copy.md", "hard.md", "soft.md"], report.Skipped.Select(s => s.Path).Order());
        Assert.All(report.Skipped, s => Assert.Equal("same content as 'alpha.md'", s.Reason));
    }

    [Fact]
    public async Task A_folder_whose_path_is_over_the_system_limit_is_skipped_and_the_rest_is_indexed()
    {
        // mkdir -p walks down one folder at a time, so it can build what no single call could name.
        var segment = new string('d', 200);
        Shell($"cd '{_corpus.Path}' && mkdir -p {string.Join('/', Enumerable.Repeat(segment, 25))}");

        var report = await RefreshAsync();

        Assert.Equal(2, report.Documents);
        var skipped = Assert.Single(report.Skipped);
        Assert.StartsWith(segment, skipped.Path);
        Assert.False(string.IsNullOrWhiteSpace(skipped.Reason));
    }
}
