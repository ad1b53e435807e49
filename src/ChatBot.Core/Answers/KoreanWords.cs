namespace ChatBot.Core.Answers;

/// <summary>
/// Korean question words and the particles and endings attached to Korean words, so that
/// "협의회에서" asks about 협의회 and "누구였어" is a question word, not content.
/// </summary>
public static class KoreanWords
{
    // Longest first: a word loses at most one particle and one verb ending.
    private static readonly string[] Endings =
    [
        "했었나요", "하였나요", "했습니까", "됐나요", "되었나요", "했나요", "하나요", "인가요", "였나요", "이었어", "했는지", "했던", "했고", "했어", "했다", "하는", "이야", "였어",
        "었어", "았어", "어요", "에서는", "으로는", "에서", "에게", "께서", "부터", "까지", "으로", "처럼", "보다", "이나", "이랑", "하고", "한", "된", "할", "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만", "나", "야", "요", "어",
    ];

    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal)
    {
        "했나", "했어", "했니", "하나", "인가", "였어", "였나", "됐나", "되나", "있나", "할까", "했을까", "누구", "누가", "언제", "어디", "어디서", "얼마", "얼마나", "몇", "무엇", "뭐", "무슨", "어떤", "어떻게", "왜", "어느", "있나", "있어", "있나요", "했", "하", "되", "된", "맞나", "맞아", "알려줘", "알려", "주세요", "줘", "궁금", "궁금해", "가장",
    };

    /// <summary>The word without its particle and verb ending (kept when that would leave one syllable).</summary>
    public static string Stem(string word)
    {
        var stem = word;
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var ending in Endings)
            {
                if (stem.Length - ending.Length >= 2 && stem.EndsWith(ending, StringComparison.Ordinal))
                {
                    stem = stem[..^ending.Length];
                    break;
                }
            }
        }
        return stem;
    }

    public static bool IsQuestionWord(string stem) => QuestionWords.Contains(stem) || stem.Length < 2 && !char.IsDigit(stem.FirstOrDefault());

    public static QuestionKind? KindOf(IEnumerable<string> stems)
    {
        foreach (var stem in stems)
        {
            switch (stem)
            {
                case "언제":
                    return QuestionKind.When;
                case "어디":
                    return QuestionKind.Where;
                case "누구" or "누가":
                    return QuestionKind.Who;
                case "얼마" or "얼마나" or "몇":
                    return QuestionKind.HowMuch;
            }
        }
        return null;
    }

    /// <summary>Any Korean question word anywhere in the text ("수석대표는 누구였어" asks who).</summary>
    public static IEnumerable<QuestionKind> KindsIn(string text)
    {
        if (text.Contains("언제", StringComparison.Ordinal))
        {
            yield return QuestionKind.When;
        }
        if (text.Contains("어디", StringComparison.Ordinal))
        {
            yield return QuestionKind.Where;
        }
        if (text.Contains("누구", StringComparison.Ordinal) || text.Contains("누가", StringComparison.Ordinal))
        {
            yield return QuestionKind.Who;
        }
        if (text.Contains("얼마", StringComparison.Ordinal) || text.Contains('몇'))
        {
            yield return QuestionKind.HowMuch;
        }
    }
}
