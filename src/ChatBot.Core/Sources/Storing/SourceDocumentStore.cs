using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChatBot.Core.Configuration;
using ChatBot.Core.Sources.Extraction;
using YamlDotNet.Serialization;

namespace ChatBot.Core.Sources.Storing;

/// <summary>
/// Writes fetched documents as markdown with front matter under <c>&lt;data&gt;/sources</c>, where
/// the knowledge base indexes them with the corpus. File names come from the canonical URL only
/// (host folder, a slug of the path, a hash), never from titles, so no page can choose where it
/// lands. Each write goes to a hidden temp file first and is renamed over the old version.
/// The register keeps each file's text too, so workers sharing one database write the same files
/// into their own data folders (<see cref="SyncFromRegisterAsync"/>) and index the same set.
/// </summary>
public sealed class SourceDocumentStore(ChatBotPaths paths, ISourceStateStore register, TimeProvider time)
{
    private static readonly ISerializer Yaml = new SerializerBuilder().Build();

    // A file written by a CLI run sharing the data folder has its register row a moment later.
    private static readonly TimeSpan OrphanAge = TimeSpan.FromMinutes(2);

    /// <summary>Relative path → register version this worker's copy was last checked against.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _synced = new(StringComparer.Ordinal);

    public string Root => paths.SourcesPath;

    /// <param name="key">The URL the document was fetched by (feed link or page URL); the register's key.</param>
    /// <param name="claimHolder">The holder of the source's fetch claim; the register takes the document only while it holds it (null: unclaimed).</param>
    /// <exception cref="SourceClaimLostException">The claim is another worker's now, or ran out: nothing was registered.</exception>
    public async Task<StoreResult> SaveAsync(
        SourceDefinition source, ExtractedPage page, string key, string? version, string? etag, string? lastModified, string? claimHolder, CancellationToken cancellationToken)
    {
        var hash = HashOf(page);
        var existing = await register.FindDocumentAsync(key, cancellationToken);
        var now = time.GetUtcNow();
        if (existing is not null && existing.ContentHash == hash && File.Exists(FullPath(existing.RelativePath)))
        {
            await RegisterAsync(existing with { Version = version, ETag = etag, LastModified = lastModified }, claimHolder, cancellationToken);
            return StoreResult.Unchanged;
        }
        var relative = RelativePathFor(page.Url);
        if (await register.FindDocumentByHashAsync(hash, cancellationToken) is { } twin && twin.Url != key && twin.RelativePath != relative && File.Exists(FullPath(twin.RelativePath)))
        {
            await RegisterAsync(new StoredSourceDocument(key, source.Id, twin.RelativePath, hash, version, etag, lastModified, now, now), claimHolder, cancellationToken);
            return StoreResult.Duplicate;
        }

        var full = FullPath(relative);
        var replaced = File.Exists(full);
        var text = Render(source, page, now);
        await WriteAtomicallyAsync(full, text, cancellationToken);
        if (existing is not null && existing.RelativePath != relative && File.Exists(FullPath(existing.RelativePath)))
        {
            // The page now names another canonical address: one document, one file.
            File.Delete(FullPath(existing.RelativePath));
        }
        await RegisterAsync(
            new StoredSourceDocument(key, source.Id, relative, hash, version, etag, lastModified, existing?.FirstStored ?? now, now) { Content = text },
            claimHolder, cancellationToken);
        _synced[relative] = now;
        return existing is null && !replaced ? StoreResult.Added : StoreResult.Updated;
    }

    /// <summary>
    /// Brings this worker's copy in line with the register: writes the files other workers stored
    /// or changed, and removes the ones the register no longer names (a document another worker
    /// moved to its new canonical address).
    /// </summary>
    /// <returns>How many files were written or removed; nonzero means the index needs a refresh.</returns>
    public async Task<int> SyncFromRegisterAsync(CancellationToken cancellationToken)
    {
        var files = await register.ListFilesAsync(cancellationToken);
        var touched = 0;
        foreach (var file in files.Where(f => f.HasText))
        {
            var full = FullPath(file.RelativePath);
            if (_synced.TryGetValue(file.RelativePath, out var seen) && seen == file.Version && File.Exists(full))
            {
                continue;
            }
            if (await register.ReadFileAsync(file.RelativePath, cancellationToken) is not { } text)
            {
                continue;
            }
            if (!File.Exists(full) || !string.Equals(await File.ReadAllTextAsync(full, cancellationToken), text, StringComparison.Ordinal))
            {
                await WriteAtomicallyAsync(full, text, cancellationToken);
                touched++;
            }
            _synced[file.RelativePath] = file.Version;
        }

        var named = files.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        var root = Path.GetFullPath(Root);
        if (Directory.Exists(root))
        {
            var cutoff = time.GetUtcNow().UtcDateTime - OrphanAge;
            foreach (var path in Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
                if (!named.Contains(relative) && !Path.GetFileName(path).StartsWith('.') && File.GetLastWriteTimeUtc(path) < cutoff)
                {
                    File.Delete(path);
                    _synced.TryRemove(relative, out _);
                    touched++;
                }
            }
        }
        return touched;
    }

    public Task<StoredSourceDocument?> FindAsync(string key, CancellationToken cancellationToken) =>
        register.FindDocumentAsync(key, cancellationToken);

    /// <summary>Records new validators or version for a document whose content did not change.</summary>
    public Task TouchAsync(StoredSourceDocument document, string? claimHolder, CancellationToken cancellationToken) =>
        RegisterAsync(document, claimHolder, cancellationToken);

    private async Task RegisterAsync(StoredSourceDocument document, string? claimHolder, CancellationToken cancellationToken)
    {
        if (!await register.SaveDocumentAsync(document, claimHolder, cancellationToken))
        {
            // The file this worker may have written is its own copy only; the next sync puts the
            // register's text back, since it was never marked as in line with the register.
            throw new SourceClaimLostException(
                $"the register refused {document.Url} from source '{document.SourceId}': this worker's fetch claim was lost (another worker took the fetch over, or it ran out)");
        }
    }

    /// <summary>'/'-separated path under the sources folder: <c>host/slug-hash.md</c>.</summary>
    public static string RelativePathFor(Uri url)
    {
        var host = Sanitize(url.IdnHost + (url.IsDefaultPort ? "" : "-" + url.Port.ToString(CultureInfo.InvariantCulture)), keepDots: true);
        var words = Sanitize(Uri.UnescapeDataString(url.AbsolutePath), keepDots: false).Split('-', StringSplitOptions.RemoveEmptyEntries);
        var slug = string.Join('-', words);
        if (slug.Length > 60)
        {
            slug = slug[^60..].Trim('-');
        }
        if (slug.Length == 0)
        {
            slug = "index";
        }
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.AbsoluteUri)))[..10];
        return $"{host}/{slug}-{id}.md";
    }

    public static string HashOf(ExtractedPage page) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(page.Title + "\n" + string.Join("\n", page.Blocks.Select(b => b.Text)))));

    private string FullPath(string relative)
    {
        var root = Path.GetFullPath(Root);
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"refusing to write outside {root}: {relative}");
        }
        return full;
    }

    private static string Sanitize(string text, bool keepDots)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || (keepDots && c == '.') ? c : '-');
        }
        var result = builder.ToString().Trim('.', '-');
        while (result.Contains("..", StringComparison.Ordinal))
        {
            result = result.Replace("..", ".", StringComparison.Ordinal);
        }
        return result.Length == 0 ? "host" : result;
    }

    internal static string Render(SourceDefinition source, ExtractedPage page, DateTimeOffset fetched)
    {
        var meta = new Dictionary<string, string>
        {
            ["title"] = page.Title,
        };
        if (page.Date is { } date)
        {
            meta["date"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        meta["url"] = page.Url.AbsoluteUri;
        if (source.Publisher is { Length: > 0 } publisher)
        {
            meta["publisher"] = publisher;
        }
        if (page.Author is { Length: > 0 } author)
        {
            meta["author"] = author;
        }
        meta["lang"] = page.Language ?? source.Language ?? "en";
        meta["fetched"] = fetched.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        meta["fetched_from"] = source.Id;

        var text = new StringBuilder();
        // One line per value: a multi-line scalar could hold a line the front matter reader takes for its end.
        foreach (var key in meta.Keys.ToList())
        {
            meta[key] = Corpus.TextNormalizer.CollapseWhitespace(meta[key]);
        }
        text.Append("---\n").Append(Yaml.Serialize(meta).Replace("\r\n", "\n", StringComparison.Ordinal)).Append("---\n");
        foreach (var block in page.Blocks)
        {
            text.Append('\n');
            text.Append(block.IsHeading ? "## " + block.Text : SafeParagraph(block.Text)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// The corpus markdown reader treats some line starts as structure (a fence would swallow the
    /// rest of the document, a comment would hide it); such a paragraph loses those characters only.
    /// </summary>
    private static string SafeParagraph(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal) || trimmed.StartsWith("<!--", StringComparison.Ordinal))
        {
            trimmed = trimmed.TrimStart('`', '~', '<', '!', '-', ' ');
        }
        if (trimmed.StartsWith('#'))
        {
            trimmed = trimmed.TrimStart('#', ' ');
        }
        return trimmed.Trim('-', '*', '_', ' ').Length == 0 ? "" : trimmed;
    }

    private static async Task WriteAtomicallyAsync(string path, string content, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        // Hidden (leading dot), so an indexing pass never reads half a file.
        var temp = Path.Combine(folder, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            await File.WriteAllTextAsync(temp, content, new UTF8Encoding(false), cancellationToken);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
