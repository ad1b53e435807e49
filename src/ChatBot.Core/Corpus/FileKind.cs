namespace ChatBot.Core.Corpus;

/// <summary>What a path is once links are followed: only regular files are ever opened.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    /// <summary>A FIFO, socket or device: opening one can block forever or never reach end of file.</summary>
    Special,
}
