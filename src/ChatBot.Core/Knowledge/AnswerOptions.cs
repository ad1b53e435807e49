using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Knowledge;

/// <summary>Bound to <c>ChatBot:Answers</c>.</summary>
public sealed class AnswerOptions
{
    public const string Section = "ChatBot:Answers";

    /// <summary>Passages retrieved before sentence selection.</summary>
    [Range(1, 200)]
    public int CandidatePassages { get; set; } = 20;

    /// <summary>Most sentences an answer states.</summary>
    [Range(1, 10)]
    public int MaxSentences { get; set; } = 3;

    /// <summary>Below this confidence the engine declines instead of guessing.</summary>
    [Range(0.0, 1.0)]
    public double MinConfidence { get; set; } = 0.6;

    /// <summary>Bilingual glossary of the partnership's key names (English and Korean forms); relative paths resolve against the application folder.</summary>
    [Required(AllowEmptyStrings = false)]
    public string GlossaryPath { get; set; } = Path.Combine("Data", "glossary.txt");

    /// <summary>The partners questions and documents name (the EU, Korea, other countries); relative paths resolve against the application folder.</summary>
    [Required(AllowEmptyStrings = false)]
    public string PartnersPath { get; set; } = Path.Combine("Data", "partners.txt");
}
