using System.Security.Cryptography;

namespace ChatBot.Core.Corpus;

/// <summary>
/// Finds corpus files and turns one into a <see cref="LoadedDocument"/>: format reader, boilerplate
/// cut, document id, metadata defaults, passages. Broken files raise <see cref="DocumentLoadException"/>
/// with the reason, so the caller can skip them and carry on.
/// </summary>
public sealed class CorpusLoader
{
    public const long MaxFileBytes = 50L * 1024 * 1024;

    public const int MaxTitleChars = 300;
    public const int MaxNameChars = 200;
    public const int MaxUrlChars = 2048;

    private readonly Dictionary<string, IDocumentReader> _readers = new(StringComparer.OrdinalIgnoreCase);
    private readonly PassageBuilder _passages;

    public CorpusLoader(int passageChars = 700)
    {
        _passages = new PassageBuilder(passageChars);
        foreach (var reader in new IDocumentReader[] { new MarkdownDocumentReader(), new TextDocumentReader(), new HtmlDocumentReader(), new PdfDocumentReader() })
        {
            foreach (var extension in reader.Extensions)
            {
                _readers[extension] = reader;
            }
        }
    }

    public bool IsSupported(string path) => _readers.ContainsKey(Path.GetExtension(path));

    /// <summary>Supported files under the root, ordered by path; hidden files and folders are ignored.</summary>
    /// <exception cref="DirectoryNotFoundException">The corpus folder does not exist.</exception>
    public IReadOnlyList<CorpusFile> Discover(string root) => Scan(root).Files;

    /// <summary>
    /// Supported files under the root, ordered by path, and what was passed over with the reason.
    /// Directory links are never followed: one pointing back into the corpus (<c>ln -s . loop</c>)
    /// would repeat it until the path is too long, one pointing out of it would index whatever it
    /// reaches. A folder that cannot be listed (no permission, a path over the system's limit) is
    /// reported and the rest of the corpus is still found.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The corpus folder does not exist.</exception>
    public CorpusScan Scan(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"corpus folder not found: {root}");
        }
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false };
        var files = new List<CorpusFile>();
        var skipped = new List<CorpusSkip>();
        var folders = new Stack<(DirectoryInfo Folder, string Relative)>();
        folders.Push((new DirectoryInfo(root), ""));
        while (folders.Count > 0)
        {
            var (folder, relative) = folders.Pop();
            List<FileSystemInfo> entries;
            try
            {
                entries = folder.EnumerateFileSystemInfos("*", options).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                skipped.Add(new CorpusSkip(relative.Length == 0 ? "." : relative + "/", $"folder cannot be listed: {ex.Message}"));
                continue;
            }
            foreach (var entry in entries)
            {
                if (entry.Name.StartsWith('.'))
                {
                    continue;
                }
                var path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                if (entry is DirectoryInfo directory)
                {
                    if (directory.LinkTarget is not null)
                    {
                        skipped.Add(new CorpusSkip(path + "/", $"directory link to '{directory.LinkTarget}' not followed (links could loop back into the corpus or leave it)"));
                    }
                    else
                    {
                        folders.Push((directory, path));
                    }
                }
                else if (IsSupported(entry.Name))
                {
                    files.Add(new CorpusFile(entry.FullName, path, DocumentIdOf(path)));
                }
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        skipped.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new CorpusScan(files, skipped);
    }

    public static string DocumentIdOf(string relativePath)
    {
        var normalized = relativePath.Replace('\\', '/');
        var extension = Path.GetExtension(normalized);
        return extension.Length > 0 ? normalized[..^extension.Length] : normalized;
    }

    public static string HashOf(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <exception cref="DocumentLoadException">The file is empty, binary, badly encoded, corrupt or has bad front matter.</exception>
    public LoadedDocument Load(CorpusFile file, byte[] bytes)
    {
        if (!_readers.TryGetValue(Path.GetExtension(file.FullPath), out var reader))
        {
            throw new DocumentLoadException("unsupported file type");
        }
        if (bytes.Length == 0)
        {
            throw new DocumentLoadException("empty file");
        }
        if (bytes.LongLength > MaxFileBytes)
        {
            throw new DocumentLoadException($"file larger than {MaxFileBytes / (1024 * 1024)} MB");
        }
        var extracted = reader.Read(bytes);
        var blocks = Boilerplate.CutAtFirstMarker(extracted.Blocks);
        if (blocks.Count == 0)
        {
            throw new DocumentLoadException("no text");
        }
        var meta = extracted.Meta;
        // Titles, names and links are shown with every citation: a file must not make them huge.
        var title = TextNormalizer.Shorten(meta.Title is { Length: > 0 } t ? TextNormalizer.CollapseWhitespace(t) : blocks[0].Text, MaxTitleChars);
        var text = string.Join(" ", blocks.Select(b => b.Text));
        var language = meta.Language ?? (TextNormalizer.HangulShare(text) > 0.3 ? "ko" : "en");
        var info = new DocumentInfo(
            file.DocumentId,
            title,
            meta.Date ?? DateText.FindFirst(text),
            meta.Url is { Length: <= MaxUrlChars } url ? url : null,
            meta.Author is null ? null : TextNormalizer.Shorten(meta.Author, MaxNameChars),
            meta.Publisher is null ? null : TextNormalizer.Shorten(meta.Publisher, MaxNameChars),
            language,
            meta.Topics,
            HashOf(bytes));
        return new LoadedDocument(info, blocks, _passages.Build(file.DocumentId, blocks));
    }
}
