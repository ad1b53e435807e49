namespace ChatBot.Core.Answers;

/// <summary>
/// Korean question words and the particles and endings attached to Korean words, so that
/// "협의회에서" asks about 협의회, "개최되었나요" about 개최, and "누구였어" is a question word,
/// not content.
/// </summary>
public static partial class KoreanWords
{
    // A word loses up to three of these (a particle, then a verb ending, then the -하/-되 of a
    // verbal noun), longest first, and always keeps two syllables.
    private static readonly string[] Endings = new[]
    {
        // Predicates: "개최되었습니까", "서명했나요", "열리나요", "참여하는지", "인가요".
        "되었습니까", "되었습니다", "하였습니까", "하였습니다", "했습니까", "했습니다", "됐습니까", "됐습니다", "였습니까", "입니까", "합니까", "됩니까",
        "습니까", "습니다", "입니다", "합니다", "됩니다", "했었나요", "하였나요", "되었나요", "이었나요", "되었는지", "했었는지", "됐나요", "했나요", "하나요",
        "되나요", "인가요", "였나요", "었나요", "았나요", "는가요", "을까요", "할까요", "될까요", "일까요", "까요", "나요", "가요", "했는지", "됐는지",
        "하는지", "되는지", "인지", "는지", "했던", "됐던", "했고", "됐고", "하고", "되고", "했어", "됐어", "했다", "됐다", "한다", "된다", "하는", "되는",
        "이야", "였어", "이었어", "었어", "았어", "어요", "예요", "이에요", "에요", "이죠", "지요", "죠", "했니", "했냐", "하니", "하냐", "되니", "이니", "이냐",
        "하여", "해서", "되어", "했을", "됐을", "하게", "되게", "하며", "되며", "할지", "될지", "냐", "니", "한", "된", "할", "될",
        // Particles: "브뤼셀에서", "협의회의", "장관에게", "2024년까지".
        "에서는", "에서의", "으로는", "으로의", "에게서", "이라는", "이라고", "에서", "에게", "께서", "부터", "까지", "으로", "처럼", "보다", "이나", "이랑",
        "과의", "와의", "에는", "에도", "에의", "로서", "라는", "라고", "들이", "들은", "들을", "들의", "들", "은", "는", "이", "가", "을", "를", "의", "에", "로",
        "와", "과", "도", "만", "나", "야", "요", "어", "랑",
    }.Distinct().OrderByDescending(e => e.Length).ToArray();

    // Nouns whose last syllable looks like a particle: "분야" keeps its 야, "전문가" its 가.
    private static readonly string[] NounTails =
    [
        "분야", "제도", "한도", "인도", "속도", "유로", "경로", "성과", "결과", "효과", "회의", "협의", "합의", "논의", "정의", "국가", "평가", "참가", "전문가",
        "중요", "필요", "주요", "개요", "한국어", "영어", "단어", "공유", "대만", "허가", "증가", "추가", "작가", "사이", "차이", "데이",
    ];

    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal)
    {
        // What is asked and how the asking is phrased.
        "했나", "했어", "했니", "하나", "인가", "였어", "였나", "됐나", "되나", "있나", "할까", "했을까", "누구", "누가", "누군", "언제", "어디", "어디서", "어디에서",
        "얼마", "얼마나", "몇", "무엇", "뭐", "뭔가", "뭘", "무슨", "어떤", "어떻게", "어땠", "왜", "어느", "있어", "있나요", "있는", "있었", "있습", "있다", "없나", "없어",
        "했", "하", "되", "된", "되어", "되었", "됐", "맞나", "맞아", "맞", "알려줘", "알려", "알려주세요", "주세요", "줘", "궁금", "궁금해", "궁금합", "가장", "싶어", "싶습",
        // Words that frame the question without naming anything ("관련 내용", "각각", "현재").
        "그", "저", "그리고", "또", "또는", "혹시", "좀", "현재", "지금", "정확히", "대략", "관련", "대해", "대한", "관한", "관해", "대하여", "내용", "사항",
        "것", "거", "건", "수", "등", "측", "각각", "각", "해당", "이번", "당시", "어떤지", "정도", "실제로", "이미", "벌써", "아직",
        // The partners themselves ("양측", "양국") are the subject, checked apart; "담당", "사람" only frame a "who".
        "양측", "양국", "쌍방", "담당", "담당자", "사람", "인물",
        // Where and when, asked with a noun: "개최 장소는?", "마감 날짜는?".
        "장소", "개최지", "위치", "날짜", "일정", "시기", "날", "때", "일시", "기간",
    };

    /// <summary>The word without its particle and verb ending (kept when that would leave one syllable).</summary>
    public static string Stem(string word)
    {
        var stem = word;
        for (var pass = 0; pass < 3; pass++)
        {
            var cut = false;
            foreach (var ending in Endings)
            {
                if (stem.Length - ending.Length >= 2 && stem.EndsWith(ending, StringComparison.Ordinal) && !(ending.Length == 1 && EndsWithNoun(stem)))
                {
                    stem = stem[..^ending.Length];
                    cut = true;
                    break;
                }
            }
            if (!cut)
            {
                break;
            }
        }
        return stem;
    }

    private static bool EndsWithNoun(string word)
    {
        foreach (var tail in NounTails)
        {
            if (word.EndsWith(tail, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    public static bool IsQuestionWord(string stem) => QuestionWords.Contains(stem) || stem.Length < 2 && !char.IsDigit(stem.FirstOrDefault());

    /// <summary>Any Korean question word anywhere in the text ("수석대표는 누구였어" asks who, "개최 장소는?" where).</summary>
    public static IEnumerable<QuestionKind> KindsIn(string text)
    {
        if (Has(text, "언제", "날짜", "일시", "시기", "마감일", "며칠", "몇 년", "몇년", "몇 월", "몇월") || text.Contains("마감", StringComparison.Ordinal) && !Has(text, "얼마", "몇"))
        {
            yield return QuestionKind.When;
        }
        if (Has(text, "어디", "장소", "개최지", "위치", "어느 도시", "어느 나라", "어느 곳"))
        {
            yield return QuestionKind.Where;
        }
        if (Has(text, "누구", "누가", "누군"))
        {
            yield return QuestionKind.Who;
        }
        if (text.Contains("얼마", StringComparison.Ordinal) || text.Contains('몇') && !Has(text, "며칠", "몇 년", "몇년", "몇 월", "몇월"))
        {
            yield return QuestionKind.HowMuch;
        }
    }

    /// <summary>"몇 개", "몇 차례", "몇 명": a count of things (not "몇 퍼센트", "몇 유로").</summary>
    public static bool AsksCount(string text)
    {
        var at = text.IndexOf('몇');
        if (at < 0)
        {
            return false;
        }
        var after = text[(at + 1)..].TrimStart();
        return !(after.StartsWith("퍼센트", StringComparison.Ordinal) || after.StartsWith('%') || after.StartsWith("유로", StringComparison.Ordinal) || after.StartsWith("달러", StringComparison.Ordinal)
            || after.StartsWith("원", StringComparison.Ordinal) || after.StartsWith("년", StringComparison.Ordinal) || after.StartsWith("월", StringComparison.Ordinal) || after.StartsWith("시", StringComparison.Ordinal));
    }

    // Counters a count question puts after 몇: the opening counts with the same one.
    [System.Text.RegularExpressions.GeneratedRegex(@"몇\s*(?<c>개국|개월|개|명|곳|차례|건|번|회|차|가지|편|종)")]
    private static partial System.Text.RegularExpressions.Regex Counter();

    /// <summary>The counter of a "몇 …" question ("몇 개국" → 개국), "개" when it names none.</summary>
    public static string CounterIn(string text) => Counter().Match(text) is { Success: true } m ? m.Groups["c"].Value : "개";

    /// <summary>Words that ask for an amount without a question word ("예산은?"), like "budget" in English.</summary>
    public static bool AsksAmount(string text) => Has(text, "예산", "금액", "규모", "액수", "비용", "자금", "지원금");

    /// <summary>"협력 분야는 무엇인가요?": what, asked of a plural kind of thing.</summary>
    public static bool AsksList(string text) =>
        Has(text, "무엇", "뭐", "어떤", "무슨") && Has(text, "분야", "주제", "영역", "의제", "성과", "과제들", "프로젝트들", "목록");

    /// <summary>"무엇을 합의했나요?" asks what, even though it ends like a yes/no question.</summary>
    public static bool AsksWhat(string text) => Has(text, "무엇", "뭐", "뭘", "무슨", "어떤", "어떻게", "왜", "어느");

    private static bool Has(string text, params string[] words)
    {
        foreach (var word in words)
        {
            if (text.Contains(word, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
