namespace ChatBot.Core.Semantic;

/// <summary>
/// Reciprocal rank fusion: an item scores Σ weight / (k + rank) over the rankings it appears in.
/// It needs no calibration between BM25 scores and cosines, which live on unrelated scales.
/// </summary>
public static class RankFusion
{
    /// <returns>Keys best first; ties keep the order of first appearance (earlier rankings first).</returns>
    public static IReadOnlyList<(string Key, double Score)> Reciprocal(IReadOnlyList<IReadOnlyList<string>> rankings, int k, IReadOnlyList<double>? weights = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var scores = new Dictionary<string, (double Score, int FirstSeen)>(StringComparer.Ordinal);
        for (var r = 0; r < rankings.Count; r++)
        {
            var weight = weights is null ? 1.0 : weights[r];
            var ranking = rankings[r];
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                var key = ranking[rank];
                var contribution = weight / (k + rank + 1);
                scores[key] = scores.TryGetValue(key, out var existing)
                    ? (existing.Score + contribution, existing.FirstSeen)
                    : (contribution, scores.Count);
            }
        }
        return scores
            .OrderByDescending(e => e.Value.Score)
            .ThenBy(e => e.Value.FirstSeen)
            .Select(e => (e.Key, e.Value.Score))
            .ToList();
    }
}
