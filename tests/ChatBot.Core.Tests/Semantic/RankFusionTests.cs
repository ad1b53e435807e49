using ChatBot.Core.Semantic;

namespace ChatBot.Core.Tests.Semantic;

public class RankFusionTests
{
    [Fact]
    public void An_item_both_rankings_find_beats_one_that_tops_a_single_ranking()
    {
        var fused = RankFusion.Reciprocal([["lexical-only", "both"], ["dense-only", "both"]], k: 60);

        Assert.Equal("both", fused[0].Key);
        Assert.Equal(3, fused.Count);
        Assert.Equal(2.0 / 62, fused[0].Score, 9);
    }

    [Fact]
    public void Ties_keep_the_order_in_which_items_first_appeared()
    {
        var fused = RankFusion.Reciprocal([["a", "b"], ["c", "d"]], k: 10);

        Assert.Equal(["a", "c", "b", "d"], fused.Select(f => f.Key));
    }

    [Fact]
    public void Weights_favour_one_ranking()
    {
        var fused = RankFusion.Reciprocal([["a"], ["b"]], k: 60, weights: [1.0, 2.0]);

        Assert.Equal(["b", "a"], fused.Select(f => f.Key));
    }

    [Fact]
    public void A_k_below_one_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RankFusion.Reciprocal([["a"]], k: 0));
    }
}
