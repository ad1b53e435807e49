using System.Buffers.Binary;
using System.Text;

namespace ChatBot.Core.Semantic;

/// <summary>
/// Vectors on disk, keyed by the hash of the text they embed: one append-only file per model
/// (<c>&lt;data&gt;/vectors/&lt;model&gt;.vec</c>). Only the key → offset map is held in memory;
/// vectors are read once into the matrix of the index that needs them. A record cut short by a
/// crash is dropped at open; a file of another model, dimension or format is started over.
/// </summary>
/// <remarks>
/// Layout: "CBVEC001", int32 dimensions, int32 length + UTF-8 model id; then records of
/// 16-byte key, float32 scale, one signed byte per dimension. Little-endian.
/// </remarks>
public sealed class VectorStore : IDisposable
{
    private static readonly byte[] Magic = "CBVEC001"u8.ToArray();

    private readonly string _path;
    private readonly string _modelId;
    private readonly int _dimensions;
    private readonly Dictionary<VectorKey, long> _offsets = [];
    private readonly Lock _gate = new();
    private FileStream _file;

    private VectorStore(string path, string modelId, int dimensions)
    {
        _path = path;
        _modelId = modelId;
        _dimensions = dimensions;
        _file = OpenOrCreate();
    }

    public static VectorStore Open(string path, string modelId, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        return new VectorStore(path, modelId, dimensions);
    }

    public string Path => _path;

    public int RecordLength => VectorKey.Size + sizeof(float) + _dimensions;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _offsets.Count;
            }
        }
    }

    public bool Contains(VectorKey key)
    {
        lock (_gate)
        {
            return _offsets.ContainsKey(key);
        }
    }

    /// <summary>Copies the stored vector into <paramref name="destination"/>; false when the key is unknown.</summary>
    public bool TryRead(VectorKey key, Span<sbyte> destination, out float scale)
    {
        long offset;
        lock (_gate)
        {
            if (!_offsets.TryGetValue(key, out offset))
            {
                scale = 0;
                return false;
            }
        }
        Span<byte> record = stackalloc byte[RecordLength];
        RandomAccess.Read(_file.SafeFileHandle, record, offset);
        scale = BinaryPrimitives.ReadSingleLittleEndian(record[VectorKey.Size..]);
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(record[(VectorKey.Size + sizeof(float))..]).CopyTo(destination);
        return true;
    }

    /// <summary>Appends quantized vectors (keys already stored are skipped) and flushes them to disk.</summary>
    public void Add(IReadOnlyList<(VectorKey Key, float Scale, ReadOnlyMemory<sbyte> Vector)> vectors)
    {
        var record = new byte[RecordLength];
        lock (_gate)
        {
            foreach (var (key, scale, vector) in vectors)
            {
                if (vector.Length != _dimensions)
                {
                    throw new ArgumentException($"a vector has {vector.Length} dimensions, not {_dimensions}", nameof(vectors));
                }
                if (_offsets.ContainsKey(key))
                {
                    continue;
                }
                key.Write(record);
                BinaryPrimitives.WriteSingleLittleEndian(record.AsSpan(VectorKey.Size), scale);
                System.Runtime.InteropServices.MemoryMarshal.Cast<sbyte, byte>(vector.Span).CopyTo(record.AsSpan(VectorKey.Size + sizeof(float)));
                var offset = _file.Length;
                _file.Position = offset;
                _file.Write(record);
                _offsets[key] = offset;
            }
            _file.Flush(flushToDisk: false);
        }
    }

    /// <summary>
    /// Rewrites the file with only the <paramref name="live"/> keys (temp file, then an atomic
    /// replace), so vectors of edited and removed passages do not pile up forever.
    /// </summary>
    public void Compact(IReadOnlySet<VectorKey> live)
    {
        lock (_gate)
        {
            var temp = _path + ".tmp";
            var record = new byte[RecordLength];
            using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                output.Write(Header());
                foreach (var (key, offset) in _offsets.OrderBy(e => e.Value))
                {
                    if (live.Contains(key))
                    {
                        RandomAccess.Read(_file.SafeFileHandle, record, offset);
                        output.Write(record);
                    }
                }
                output.Flush(flushToDisk: true);
            }
            _file.Dispose();
            File.Move(temp, _path, overwrite: true);
            _offsets.Clear();
            _file = OpenOrCreate();
        }
    }

    private byte[] Header()
    {
        var id = Encoding.UTF8.GetBytes(_modelId);
        var header = new byte[Magic.Length + 8 + id.Length];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(Magic.Length), _dimensions);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(Magic.Length + 4), id.Length);
        id.CopyTo(header, Magic.Length + 8);
        return header;
    }

    /// <summary>Opens the file and indexes its records; anything unusable is started over.</summary>
    private FileStream OpenOrCreate()
    {
        var file = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var header = Header();
            if (!HasHeader(file, header))
            {
                file.SetLength(0);
                file.Write(header);
                file.Flush(flushToDisk: true);
                return file;
            }
            var whole = (file.Length - header.Length) / RecordLength;
            var end = header.Length + whole * RecordLength;
            if (end < file.Length)
            {
                file.SetLength(end); // a record cut short by a crash
            }
            var keys = new byte[VectorKey.Size];
            for (long offset = header.Length; offset < end; offset += RecordLength)
            {
                RandomAccess.Read(file.SafeFileHandle, keys, offset);
                _offsets[VectorKey.Read(keys)] = offset;
            }
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static bool HasHeader(FileStream file, byte[] header)
    {
        if (file.Length < header.Length)
        {
            return false;
        }
        var existing = new byte[header.Length];
        file.Position = 0;
        file.ReadExactly(existing);
        return existing.AsSpan().SequenceEqual(header);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
        }
    }
}
