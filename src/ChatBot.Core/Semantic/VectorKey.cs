using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ChatBot.Core.Semantic;

/// <summary>
/// Identifies a vector by the text it embeds (the first 128 bits of its SHA-256), so an
/// unchanged passage keeps its vector across restarts, renames and re-indexing.
/// </summary>
public readonly record struct VectorKey(ulong High, ulong Low)
{
    public const int Size = 16;

    public static VectorKey Of(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Read(hash);
    }

    public static VectorKey Read(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }
}
