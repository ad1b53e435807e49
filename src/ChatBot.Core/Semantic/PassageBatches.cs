namespace ChatBot.Core.Semantic;

/// <summary>
/// Groups passages into model calls. A call pads every passage to its longest, so passages of
/// similar length go together (shortest first); with one passage per call nothing is padded.
/// </summary>
internal static class PassageBatches
{
    /// <summary>Indexes into <paramref name="texts"/>, in batches of at most <paramref name="batchSize"/>.</summary>
    public static List<int[]> Plan(IReadOnlyList<string> texts, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        // Characters stand in for tokens: tokenizing twice would cost more than the padding it saves.
        var order = batchSize == 1
            ? Enumerable.Range(0, texts.Count)
            : Enumerable.Range(0, texts.Count).OrderBy(i => texts[i].Length);
        return order.Chunk(batchSize).ToList();
    }
}
