using System.Runtime.InteropServices;

namespace ChatBot.Core.Corpus;

public static class FileKinds
{
    private const int TypeMask = 0xF000; // S_IFMT
    private const int RegularType = 0x8000; // S_IFREG
    private const int DirectoryType = 0x4000; // S_IFDIR

    /// <summary>The kind of the file a path finally points to (links followed).</summary>
    public static FileKind Of(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            // The base library exposes no file type, and opening a FIFO to look blocks. The runtime's
            // own native shim (shipped with every .NET on Unix) does the stat(2) for the base library;
            // its result starts with two ints, flags then st_mode, in every runtime version so far.
            var status = new byte[256];
            try
            {
                if (NativeStat(path, status) != 0)
                {
                    return FileKind.Missing;
                }
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                return ManagedGuess(path);
            }
            return (BitConverter.ToInt32(status, 4) & TypeMask) switch
            {
                RegularType => FileKind.Regular,
                DirectoryType => FileKind.Directory,
                _ => FileKind.Special,
            };
        }
        return ManagedGuess(path);
    }

    private static FileKind ManagedGuess(string path) =>
        Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Regular : FileKind.Missing;

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int NativeStat(string path, byte[] status);
}
