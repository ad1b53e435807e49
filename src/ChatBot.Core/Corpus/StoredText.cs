using System.Collections;
using System.Text;

namespace ChatBot.Core.Corpus;

/// <summary>
/// A document's cleaned text held once in memory, as UTF-8 (half of .NET's UTF-16 for the Latin
/// text most documents are). Its passages' sentences are slices of it (<see cref="SliceFinder.SlicesOf"/>)
/// rather than copies: at 100,000 passages, text held twice in UTF-16 was most of the snapshot.
/// Strings are made on access, which only the few passages a question reaches pay for.
/// </summary>
public sealed class StoredText
{
    private readonly byte[] _utf8;

    public StoredText(string text)
    {
        _utf8 = Encoding.UTF8.GetBytes(text);
    }

    public int ByteCount => _utf8.Length;

    public override string ToString() => Encoding.UTF8.GetString(_utf8);

    /// <summary>
    /// Whether the text holds <paramref name="value"/> (ordinal), searched in its UTF-8 bytes
    /// without making the whole text a string (UTF-8 is self-synchronizing, so a byte match is a
    /// match of whole characters).
    /// </summary>
    public bool Contains(string value) => _utf8.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0;

    internal string Slice(int start, int length) => Encoding.UTF8.GetString(_utf8, start, length);

    /// <summary>
    /// A reader that finds sentences of <paramref name="text"/> (this stored text's string form) in
    /// document order and hands them back as slices; one per document, passages taken in order.
    /// </summary>
    public SliceFinder Finder(string text) => new(this, text);

    /// <summary>Finds sentences in the document's text, reading forward from the previous one.</summary>
    public sealed class SliceFinder
    {
        private readonly StoredText _stored;
        private readonly string _text;
        private int _chars;
        private int _bytes;

        internal SliceFinder(StoredText stored, string text)
        {
            _stored = stored;
            _text = text;
        }

        /// <summary>The sentences as slices of the text, or null when one of them is not in it verbatim.</summary>
        public IReadOnlyList<string>? SlicesOf(IReadOnlyList<string> sentences)
        {
            var bounds = new int[sentences.Count * 2];
            for (var i = 0; i < sentences.Count; i++)
            {
                var sentence = sentences[i];
                if (sentence.Length == 0)
                {
                    return null;
                }
                var at = _text.IndexOf(sentence, _chars, StringComparison.Ordinal);
                if (at < 0)
                {
                    // Passages come in order, sentences within them too; anything else is searched from the start.
                    at = _text.IndexOf(sentence, StringComparison.Ordinal);
                    if (at < 0)
                    {
                        return null;
                    }
                    _chars = 0;
                    _bytes = 0;
                }
                var start = ByteOffset(at);
                var length = Encoding.UTF8.GetByteCount(sentence);
                bounds[2 * i] = start;
                bounds[2 * i + 1] = length;
                _chars = at + sentence.Length;
                _bytes = start + length;
            }
            return new TextSlices(_stored, bounds);
        }

        private int ByteOffset(int chars)
        {
            if (chars < _chars)
            {
                _chars = 0;
                _bytes = 0;
            }
            return _bytes + Encoding.UTF8.GetByteCount(_text.AsSpan(_chars, chars - _chars));
        }
    }

    /// <summary>Sentences as (byte offset, byte length) pairs into one stored text.</summary>
    private sealed class TextSlices(StoredText text, int[] bounds) : IReadOnlyList<string>
    {
        public int Count => bounds.Length / 2;

        public string this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
                return text.Slice(bounds[2 * index], bounds[2 * index + 1]);
            }
        }

        public ReadOnlySpan<byte> Bytes(int index) => text._utf8.AsSpan(bounds[2 * index], bounds[2 * index + 1]);

        public IEnumerator<string> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// Sentence <paramref name="index"/> of <paramref name="sentences"/> as characters: slices of a
    /// stored text are decoded into <paramref name="buffer"/> (replaced by a larger one from the
    /// shared pool when too small; return it there when done) instead of becoming a string.
    /// </summary>
    public static ReadOnlySpan<char> Read(IReadOnlyList<string> sentences, int index, ref char[]? buffer)
    {
        if (sentences is not TextSlices slices)
        {
            return sentences[index];
        }
        var bytes = slices.Bytes(index);
        // UTF-8 never takes fewer bytes than UTF-16 takes characters.
        if (buffer is null || buffer.Length < bytes.Length)
        {
            if (buffer is not null)
            {
                System.Buffers.ArrayPool<char>.Shared.Return(buffer);
            }
            buffer = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 256));
        }
        return buffer.AsSpan(0, Encoding.UTF8.GetChars(bytes, buffer));
    }

    /// <summary>The length of sentence <paramref name="index"/> without reading it: UTF-8 bytes for slices of a stored text (about its characters for Latin text), else characters.</summary>
    public static int LengthOf(IReadOnlyList<string> sentences, int index) =>
        sentences is TextSlices slices ? slices.Bytes(index).Length : sentences[index].Length;

    /// <summary>Whether <paramref name="sentences"/> are already slices of a stored text.</summary>
    public static bool IsSliced(IReadOnlyList<string> sentences) => sentences is TextSlices;
}
