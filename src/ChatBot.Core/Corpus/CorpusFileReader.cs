namespace ChatBot.Core.Corpus;

/// <summary>
/// Reads one corpus file into memory, refusing anything that is not a regular file (a FIFO would
/// block forever, a link to a device never ends) and counting the bytes actually read against the
/// limit, because a file's reported size (or a link's) says nothing about what reading it yields.
/// </summary>
public static class CorpusFileReader
{
    private const int ChunkBytes = 81_920;

    /// <exception cref="DocumentLoadException">Not a regular file, over the limit, or unreadable; the message says which.</exception>
    public static async Task<byte[]> ReadAsync(CorpusFile file, long maxBytes, CancellationToken cancellationToken)
    {
        switch (FileKinds.Of(file.FullPath))
        {
            case FileKind.Missing:
                throw new DocumentLoadException(File.ResolveLinkTarget(file.FullPath, returnFinalTarget: false) is null
                    ? "file disappeared while indexing" : "broken link");
            case FileKind.Directory:
                throw new DocumentLoadException("a directory, not a file");
            case FileKind.Special:
                throw new DocumentLoadException("not a regular file (a FIFO, socket or device is never read)");
        }
        try
        {
            await using var stream = new FileStream(file.FullPath, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = 0,
            });
            if (stream.Length > maxBytes)
            {
                throw TooLarge(stream.Length, maxBytes);
            }
            using var content = new MemoryStream(stream.Length is > 0 and <= int.MaxValue ? (int)stream.Length : 0);
            var chunk = new byte[ChunkBytes];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (content.Length + read > maxBytes)
                {
                    throw TooLarge(content.Length + read, maxBytes, stillGrowing: true);
                }
                content.Write(chunk, 0, read);
            }
            return content.ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DocumentLoadException($"cannot read file: {ex.Message}", ex);
        }
    }

    private static DocumentLoadException TooLarge(long bytes, long maxBytes, bool stillGrowing = false) =>
        new(stillGrowing
            ? $"more than {maxBytes:N0} bytes read (ChatBot:Index:MaxFileBytes); reading stopped at {bytes:N0}"
            : $"file is {bytes:N0} bytes, over the {maxBytes:N0}-byte limit (ChatBot:Index:MaxFileBytes)");
}
